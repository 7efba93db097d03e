package io.retailpulse.ingest.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailpulse.common.events.FeedbackEvent;
import io.retailpulse.common.events.RecordValues;
import io.retailpulse.ingest.platform.CapabilityApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates one feedback object of the API into a {@link FeedbackEvent}; a violation is an
 * {@link IllegalArgumentException} whose message names the field. The event id is derived from
 * (source, externalId), so the same feedback always gets the same id.
 * <p>
 * Hand-written rather than Bean Validation on a bound record: each item of a batch is judged alone (a bad one is
 * listed by index and dead-lettered with its raw JSON while the others are taken), its one reason follows the
 * field order below, and JSON types are checked as sent ({@code "source":3} is "source must be a string", where
 * binding would coerce the number to text and then validate a value the client never sent).
 */
@CapabilityApi
public final class FeedbackParser {
    static final int MAX_TEXT_CHARS = 10_000;
    static final int MAX_ID_CHARS = 128;
    static final int MAX_TAGS = 50;
    static final int MAX_METADATA = 50;
    /** A metadata value had no limit: one of a few MB made an event Kafka refuses. */
    static final int MAX_METADATA_VALUE_CHARS = 1_000;

    private static final Pattern SOURCE = Pattern.compile("[a-z][a-z0-9_.-]{0,31}");
    private static final Pattern LANG = Pattern.compile("[a-z]{2}");
    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    private final Clock clock;

    public FeedbackParser(Clock clock) {
        this.clock = clock;
    }

    public FeedbackEvent parse(JsonNode item) {
        if (item == null || !item.isObject()) {
            throw new IllegalArgumentException("an item must be a JSON object");
        }
        String source = required(item, "source", 32).toLowerCase(java.util.Locale.ROOT);
        if (!SOURCE.matcher(source).matches()) {
            throw new IllegalArgumentException(
                    "source '" + source + "' must be a lower-case word such as crm, " + "support, review or social");
        }
        String externalId = required(item, "externalId", MAX_ID_CHARS);
        String text = required(item, "text", MAX_TEXT_CHARS);
        Instant now = clock.instant();
        Instant ts = timestamp(required(item, "ts", 64), now);
        String userId = optional(item, "userId", MAX_ID_CHARS);
        String lang = optional(item, "lang", 16);
        if (lang != null && !LANG.matcher(lang).matches()) {
            throw new IllegalArgumentException("lang '" + lang + "' is not an ISO 639-1 code such as en");
        }
        return new FeedbackEvent(
                FeedbackService.eventId(source, externalId),
                ts,
                source,
                externalId,
                userId,
                lang,
                text,
                tags(item.get("tags")),
                metadata(item.get("metadata")),
                now);
    }

    private static String required(JsonNode item, String field, int maxChars) {
        String value = optional(item, field, maxChars);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is missing or empty");
        }
        return value;
    }

    private static String optional(JsonNode item, String field, int maxChars) {
        JsonNode node = item.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        String value = node.asText();
        if (value.length() > maxChars) {
            throw new IllegalArgumentException(field + " is longer than " + maxChars + " characters");
        }
        noLoneSurrogate(field, value);
        return value;
    }

    /**
     * A JSON {@code \uD800} escape carries a lone surrogate, which no UTF-8 column can store: inference dead-letters
     * such an event, so it is refused here, where the client can still mend it, and not answered "accepted".
     */
    private static void noLoneSurrogate(String field, String value) {
        String reason = RecordValues.unpairedSurrogate(field, value);
        if (reason != null) {
            throw new IllegalArgumentException(reason);
        }
    }

    private static Instant timestamp(String text, Instant now) {
        Instant ts;
        try {
            ts = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "ts '" + text + "' is not an ISO-8601 date-time with offset " + "(e.g. 2024-05-01T12:00:00Z)");
        }
        if (ts.isAfter(now.plus(FUTURE_TOLERANCE))) {
            throw new IllegalArgumentException("ts '" + text + "' is more than a day in the future");
        }
        // as for transactions; inference's DATETIME columns refuse years before 1000 anyway
        if (ts.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException("ts '" + text + "' is before 1970");
        }
        return ts;
    }

    private static List<String> tags(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("tags must be an array of strings");
        }
        if (node.size() > MAX_TAGS) {
            throw new IllegalArgumentException("tags has more than " + MAX_TAGS + " entries");
        }
        List<String> tags = new ArrayList<>(node.size());
        for (JsonNode tag : node) {
            if (!tag.isTextual() || tag.asText().isBlank() || tag.asText().length() > 64) {
                throw new IllegalArgumentException("tags must be non-empty strings of at most 64 characters");
            }
            noLoneSurrogate("tags", tag.asText());
            tags.add(tag.asText());
        }
        return tags;
    }

    private static Map<String, String> metadata(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("metadata must be an object");
        }
        if (node.size() > MAX_METADATA) {
            throw new IllegalArgumentException("metadata has more than " + MAX_METADATA + " entries");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (e.getKey().isBlank() || e.getKey().length() > 64) {
                throw new IllegalArgumentException("metadata keys must be non-empty and at most 64 characters");
            }
            if (value.isContainerNode()) {
                throw new IllegalArgumentException("metadata." + e.getKey() + " must be a string, number or boolean");
            }
            if (value.asText().length() > MAX_METADATA_VALUE_CHARS) {
                throw new IllegalArgumentException(
                        "metadata." + e.getKey() + " is longer than " + MAX_METADATA_VALUE_CHARS + " characters");
            }
            noLoneSurrogate("metadata keys", e.getKey());
            noLoneSurrogate("metadata." + e.getKey(), value.asText());
            metadata.put(e.getKey(), value.isNull() ? null : value.asText());
        }
        return metadata;
    }
}
