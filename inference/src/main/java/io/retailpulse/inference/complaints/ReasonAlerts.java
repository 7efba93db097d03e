package io.retailpulse.inference.complaints;

import io.smallrye.mutiny.Uni;

/**
 * What real-time matching hands on: a stored complaint that matched an elected reason. The alerts capability
 * implements it; complaints only knows this interface, so the two packages depend one way.
 */
public interface ReasonAlerts {
    /** Completes once the alert is recorded (idempotent per event and topic). */
    Uni<Void> raise(FeedbackRepository.Doc doc, TopicIndex.Hit hit);
}
