package io.retailpulse.ingest.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.events.DeadLetterHeaders;
import io.retailpulse.common.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/** Builds the Kafka records ingest writes: JSON payloads and dead letters with the shared headers. */
@ApplicationScoped
public class Records {
    private static final Logger LOG = Logger.getLogger(Records.class);
    private final ObjectMapper json;

    public Records(ObjectMapper json) {
        this.json = json;
    }

    public ProducerRecord<String, byte[]> json(String topic, String key, Object payload) {
        try {
            return new ProducerRecord<>(topic, key, json.writeValueAsBytes(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise " + payload.getClass().getSimpleName(), e);
        }
    }

    /**
     * How much of a rejected input a dead letter keeps. Kafka refuses a record over the producer's
     * {@code max.request.size} (1 MiB by default), and one refused record fails the whole transaction it is in: a
     * bad item of a few MB would turn every good item sent with it into a 503, on every retry. 64 KiB shows what the
     * input was; {@link DeadLetterHeaders#ORIGINAL_BYTES} says how large it was.
     */
    public static final int MAX_DEAD_LETTER_BYTES = 64 * 1024;

    /** Reasons quote values; a quoted value is short everywhere, but a header must stay small whatever happens. */
    static final int MAX_REASON_CHARS = 1024;

    /**
     * A rejected input on {@code <topic>.dlq}: the raw text as value (its first {@link #MAX_DEAD_LETTER_BYTES} when
     * larger), why and where in the headers.
     */
    public ProducerRecord<String, byte[]> deadLetter(
            String dlqTopic, String raw, Long line, String reason, String source) {
        return deadLetter(dlqTopic, null, raw.getBytes(StandardCharsets.UTF_8), line, reason, source);
    }

    /** The one shape of a dead letter: capped value and reason, the shared headers, the size when cut. */
    private static ProducerRecord<String, byte[]> deadLetter(
            String dlqTopic, String key, byte[] value, Long line, String reason, String source) {
        RecordHeaders headers = new RecordHeaders();
        String why = reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "…" : reason;
        headers.add(DeadLetterHeaders.REASON, why.getBytes(StandardCharsets.UTF_8));
        if (line != null) {
            headers.add(DeadLetterHeaders.LINE, Long.toString(line).getBytes(StandardCharsets.UTF_8));
        }
        headers.add(DeadLetterHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8));
        if (value.length > MAX_DEAD_LETTER_BYTES) {
            headers.add(
                    DeadLetterHeaders.ORIGINAL_BYTES,
                    Integer.toString(value.length).getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(dlqTopic, null, key, utf8Prefix(value, MAX_DEAD_LETTER_BYTES), headers);
    }

    /**
     * The largest record ingest hands to Kafka: key, value and headers, safely under the producer's and the
     * broker's 1 MiB defaults ({@code max.request.size}, {@code message.max.bytes}). Validation keeps every event far
     * below it; this is the last guard, because a record Kafka refuses fails its whole transaction on every retry,
     * and a spooled window holding one would never drain and would hold every later window behind it.
     */
    public static final int MAX_RECORD_BYTES = 1_000_000;

    /**
     * The records as Kafka will take them: one over {@link #MAX_RECORD_BYTES} becomes a dead letter on its topic's
     * DLQ (on its own topic if it is a dead letter already) that keeps the first 64 KiB and says why.
     */
    public static List<ProducerRecord<String, byte[]>> fitForKafka(List<ProducerRecord<String, byte[]>> records) {
        List<ProducerRecord<String, byte[]>> out = null;
        for (int i = 0; i < records.size(); i++) {
            ProducerRecord<String, byte[]> r = records.get(i);
            long size = size(r);
            if (size <= MAX_RECORD_BYTES) {
                if (out != null) {
                    out.add(r);
                }
                continue;
            }
            if (out == null) {
                out = new ArrayList<>(records.subList(0, i));
            }
            String topic = r.topic().endsWith(".dlq") ? r.topic() : Topics.dlq(r.topic());
            out.add(deadLetter(
                    topic,
                    r.key(),
                    r.value() == null ? new byte[0] : r.value(),
                    null,
                    "record of " + size + " bytes is over the " + MAX_RECORD_BYTES + " bytes Kafka takes",
                    "ingest:" + r.topic()));
            LOG.warnf(
                    "a record of %d bytes for %s (key %s) is over what Kafka takes: dead-lettered to %s",
                    size, r.topic(), r.key(), topic);
        }
        return out == null ? records : out;
    }

    private static long size(ProducerRecord<String, byte[]> r) {
        long size = (r.key() == null ? 0 : r.key().length() * 3L) + (r.value() == null ? 0 : r.value().length);
        for (Header h : r.headers()) {
            size += h.key().length() * 3L + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }

    /** At most {@code max} bytes of UTF-8 text, cut before a character, never inside one. */
    static byte[] utf8Prefix(byte[] utf8, int max) {
        if (utf8.length <= max) {
            return utf8;
        }
        int end = max;
        // continuation bytes are 10xxxxxx: step back to the first byte of the character that would be cut
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--;
        }
        return Arrays.copyOf(utf8, end);
    }
}
