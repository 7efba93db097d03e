package io.retailpulse.inference.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.retailpulse.common.events.RecordValues;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * The one way inference reads a record value: at most {@code maxBytes}, strict UTF-8, strict JSON of one type
 * ({@link RecordValues#strictReader}), then the capability's own check (required fields, the columns the value is
 * written to). A record that fails gets a reason, never an exception out of the poll.
 *
 * @param <T> the event type
 */
public final class RecordReader<T> {
    /** A readable value with the record it came in (for a dead letter if a later step refuses it). */
    public record Valid<T>(T value, ConsumerRecord<String, byte[]> record) {}

    private final ObjectReader json;
    private final String type;
    private final int maxBytes;
    private final Function<T, String> problem;

    /**
     * @param problem why a parsed value (possibly {@code null}, from the JSON {@code null}) cannot be used, or null
     */
    public RecordReader(ObjectReader json, Class<T> type, int maxBytes, Function<T, String> problem) {
        this.json = json;
        this.type = type.getSimpleName();
        this.maxBytes = maxBytes;
        this.problem = problem;
    }

    public RecordReader(ObjectMapper json, Class<T> type, int maxBytes, Function<T, String> problem) {
        this(RecordValues.strictReader(json, type), type, maxBytes, problem);
    }

    /** The value of a record; an {@link IllegalArgumentException} says why there is none. */
    public T parse(byte[] value) {
        if (value != null && value.length > maxBytes) {
            throw new IllegalArgumentException("record value has " + value.length + " bytes, at most " + maxBytes);
        }
        T parsed;
        try {
            parsed = json.readValue(RecordValues.utf8(value));
        } catch (IOException bad) {
            throw new IllegalArgumentException("unreadable " + type + " JSON: " + bad.getMessage(), bad);
        }
        String reason = problem.apply(parsed);
        if (reason != null) {
            throw new IllegalArgumentException(reason);
        }
        return parsed;
    }

    /**
     * The readable records of a poll, in order; the others are dead-lettered with their reason first (the Uni
     * completes once the broker took every dead letter).
     */
    public Uni<List<Valid<T>>> readAll(ConsumerRecords<String, byte[]> records, DeadLetters deadLetters) {
        List<Valid<T>> valid = new ArrayList<>();
        List<Uni<Void>> dead = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            String reason;
            T value = null;
            try {
                value = parse(r.value());
                reason = null;
            } catch (IllegalArgumentException bad) {
                reason = bad.getMessage();
            } catch (RuntimeException bad) {
                // whatever else one record can make the reading throw must not fail the whole poll
                reason = "unreadable " + type + ": " + bad;
            }
            if (reason != null) {
                dead.add(deadLetters.send(r, reason));
            } else {
                valid.add(new Valid<>(value, r));
            }
        }
        return Uni.join().all(dead).andFailFast().replaceWith(valid);
    }
}
