package io.retailpulse.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A feedback text with its sentiment and entities, on {@code text.scored}, keyed by {@code eventId}. */
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
        List<EntityMention> entities) {
}
