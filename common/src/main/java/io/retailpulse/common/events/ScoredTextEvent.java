package io.retailpulse.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A feedback text with its sentiment and entities, on {@code text.scored}, keyed by {@code eventId}.
 *
 * @param label     negative, neutral or positive (the most probable)
 * @param score     probability of {@code label}
 * @param scores    the three probabilities by label
 * @param productId the catalog product the text is about (from the feedback's metadata, else the first PRODUCT
 *                  entity), or null
 * @param storeId   the catalog store, likewise, or null
 * @param tags      the feedback's tags, as received
 * @param metadata  the feedback's metadata, as received
 */
public record ScoredTextEvent(
        String eventId,
        Instant ts,
        String source,
        String userId,
        String text,
        String label,
        double score,
        Map<String, Double> scores,
        String model,
        String modelVersion,
        Instant scoredAt,
        List<EntityMention> entities,
        String productId,
        String storeId,
        List<String> tags,
        Map<String, String> metadata) {}
