package io.retailpulse.inference.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.events.AlertEvent;
import io.retailpulse.common.kafka.KeyedJsonRecords;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

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
        return KeyedJsonRecords.send(emitter, json, Long.toString(alert.topicId()), alert);
    }
}
