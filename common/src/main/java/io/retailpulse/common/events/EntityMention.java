package io.retailpulse.common.events;

/**
 * A named entity found in a text; {@code start}/{@code end} are character offsets, end exclusive.
 *
 * @param key the catalog id for PRODUCT / STORE, else the lower-cased, whitespace-normalised text (what daily
 *            aggregates group by)
 */
public record EntityMention(String text, String type, int start, int end, double score, String key) {}
