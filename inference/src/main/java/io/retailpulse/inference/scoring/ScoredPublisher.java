package io.retailpulse.inference.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.events.ScoredTextEvent;
import io.retailpulse.common.kafka.KeyedJsonRecords;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** {@code text.scored}: one {@link ScoredTextEvent} per feedback, keyed by event id; completes when Kafka acked all. */
@ApplicationScoped
public class ScoredPublisher {
    private final MutinyEmitter<String> emitter;
    private final ObjectMapper json;

    public ScoredPublisher(
            @Channel("text-scored") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
                    MutinyEmitter<String> emitter,
            ObjectMapper json) {
        this.emitter = emitter;
        this.json = json;
    }

    public Uni<Void> publish(List<ScoredTextEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = events.stream().map(this::publish).toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    Uni<Void> publish(ScoredTextEvent event) {
        return KeyedJsonRecords.send(emitter, json, event.eventId(), event);
    }
}
