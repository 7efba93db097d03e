package io.retailpulse.common.events;

import java.time.Instant;

/** A new feedback matched an elected top complaint reason; on {@code feedback.alerts}, keyed by topic id. */
public record AlertEvent(
        String alertId,
        String eventId,
        long topicId,
        String topicLabel,
        double similarity,
        String source,
        String userId,
        String text,
        Instant ts,
        Instant raisedAt) {}
