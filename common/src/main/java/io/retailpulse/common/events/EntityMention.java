package io.retailpulse.common.events;

/** A named entity found in a text; {@code start}/{@code end} are character offsets, end exclusive. */
public record EntityMention(String text, String type, int start, int end, double score) {
}
