package io.retailpulse.inference.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.events.AlertEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** {@code feedback.alerts}: one {@link AlertEvent} per alert, keyed by topic id; completes when Kafka acknowledged. */
@ApplicationScoped
public class AlertPublisher {
    private final MutinyEmitter<String> emitter;
    private final ObjectMapper json;

    public AlertPublisher(@Channel("feedback-alerts") MutinyEmitter<String> emitter, ObjectMapper json) {
        this.emitter = emitter;
        this.json = json;
    }

    public Uni<Void> publish(AlertEvent alert) {
        String body;
        try {
            body = json.writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return emitter.sendMessage(Message.of(body).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(Long.toString(alert.topicId())).build()));
    }
}
