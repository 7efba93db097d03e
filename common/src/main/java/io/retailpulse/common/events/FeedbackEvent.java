package io.retailpulse.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A raw text from a customer on {@code feedback.raw}: a social post, a review, a support ticket, CRM notes.
 *
 * @param eventId    platform id, stable for a given (source, externalId)
 * @param ts         when the customer wrote it
 * @param source     crm, support, review, social, generator, ...
 * @param externalId the id in the source system; (source, externalId) is the dedupe key
 * @param userId     the author in the source system, if known
 * @param lang       ISO 639-1 language code, if known
 * @param tags       free tags from the source (hashtags, ticket categories)
 * @param metadata   anything else the source sent (for generated posts: ground-truth labels)
 */
public record FeedbackEvent(
        String eventId,
        Instant ts,
        String source,
        String externalId,
        String userId,
        String lang,
        String text,
        List<String> tags,
        Map<String, String> metadata,
        Instant ingestedAt) {}
