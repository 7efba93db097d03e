package io.retailpulse.ingest.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.events.DeadLetterHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Builds the Kafka records ingest writes: JSON payloads and dead letters with the shared headers. */
@ApplicationScoped
public class Records {
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

    /** A rejected input on {@code <topic>.dlq}: the raw text as value, why and where in the headers. */
    public ProducerRecord<String, byte[]> deadLetter(
            String dlqTopic, String raw, Long line, String reason, String source) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8));
        if (line != null) {
            headers.add(DeadLetterHeaders.LINE, Long.toString(line).getBytes(StandardCharsets.UTF_8));
        }
        headers.add(DeadLetterHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(dlqTopic, null, (String) null, raw.getBytes(StandardCharsets.UTF_8), headers);
    }
}
