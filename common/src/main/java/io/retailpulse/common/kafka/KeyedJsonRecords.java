package io.retailpulse.common.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * How a service publishes an event: Jackson JSON under a record key; the Uni completes when Kafka acknowledged
 * it (the channel's {@code acks}) and fails when it did not or the event cannot be written, so the caller decides
 * what a failed send means (retry, nack, fail the run).
 */
public final class KeyedJsonRecords {
    private KeyedJsonRecords() {}

    public static Uni<Void> send(MutinyEmitter<String> emitter, ObjectMapper json, String key, Object event) {
        String body;
        try {
            body = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return emitter.sendMessage(Message.of(body)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(key)
                        .build()));
    }
}
