package io.retailpulse.ingest.signals;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * Reads {@code {"items":[{"name":"...","ds":"2026-01-01","value":1.5}, ...]}} (or one such object) item by item
 * with Jackson's streaming parser, so an error names the item (0-based) and the line it starts on.
 */
final class SignalJsonReader {
    /** The body is not the expected shape: the whole request is a 400. */
    static final class ShapeException extends RuntimeException {
        ShapeException(String message) {
            super(message);
        }
    }

    interface Sink {
        void accept(long line, int item, SignalEvent event);

        void reject(long line, int item, String reason, String raw);
    }

    private SignalJsonReader() {}

    static void read(InputStream body, ObjectMapper json, String source, Instant now, Sink sink) throws IOException {
        // The service's mapper refuses trailing tokens (JsonStrictness); here each item is followed by the rest of
        // the array, and the end of the body is checked below instead.
        ObjectReader trees = json.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ShapeException(
                        "The body must be {\"items\":[{\"name\",\"ds\",\"value\"}...]} or one such item.");
            }
            long firstLine = parser.getTokenLocation().getLineNr();
            JsonToken t = parser.nextToken();
            if (t == JsonToken.FIELD_NAME && "items".equals(parser.currentName())) {
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    throw new ShapeException("items must be an array of {\"name\",\"ds\",\"value\"} objects.");
                }
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    long line = parser.getTokenLocation().getLineNr();
                    JsonNode item = trees.readTree(parser);
                    item(item, line, index++, source, now, sink);
                }
                if (index == 0) {
                    throw new ShapeException("items is empty.");
                }
                if (parser.nextToken() != JsonToken.END_OBJECT) {
                    throw new ShapeException("Only \"items\" is expected in the body.");
                }
            } else {
                // a single item: read the rest of the object it starts
                com.fasterxml.jackson.databind.node.ObjectNode item = json.createObjectNode();
                while (t == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    item.set(field, trees.readTree(parser));
                    t = parser.nextToken();
                }
                item(item, firstLine, 0, source, now, sink);
            }
            if (parser.nextToken() != null) {
                throw new ShapeException("Trailing content after the JSON body.");
            }
        }
    }

    private static void item(JsonNode item, long line, int index, String source, Instant now, Sink sink) {
        try {
            sink.accept(line, index, event(item, source, now));
        } catch (IllegalArgumentException e) {
            sink.reject(line, index, e.getMessage(), String.valueOf(item));
        }
    }

    /** One item, validated; also reads records of signals.series (with their own source and ingestedAt). */
    static SignalEvent event(JsonNode item, String source, Instant now) {
        if (item == null || !item.isObject()) {
            throw new IllegalArgumentException("an item must be a JSON object");
        }
        JsonNode name = item.get("name");
        if (name != null && !name.isNull() && !name.isTextual()) {
            throw new IllegalArgumentException("name must be a string");
        }
        JsonNode ds = item.get("ds");
        if (ds != null && !ds.isNull() && !ds.isTextual()) {
            throw new IllegalArgumentException("ds must be a string such as \"2026-01-01\"");
        }
        JsonNode value = item.get("value");
        double v;
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("value is missing");
        } else if (value.isNumber()) {
            v = SignalRules.value(value.doubleValue(), value.asText());
        } else {
            throw new IllegalArgumentException("value must be a number");
        }
        return new SignalEvent(
                SignalRules.name(name == null || name.isNull() ? null : name.asText()),
                SignalRules.day(ds == null || ds.isNull() ? null : ds.asText(), now),
                v,
                source,
                now);
    }
}
