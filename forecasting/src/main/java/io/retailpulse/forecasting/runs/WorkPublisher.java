package io.retailpulse.forecasting.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** {@code forecasting.work}: a run's work items, keyed {@code runId-index} so they spread over the partitions. */
@ApplicationScoped
public class WorkPublisher {
    private final MutinyEmitter<String> emitter;
    private final ObjectMapper mapper;

    public WorkPublisher(
            @Channel("forecasting-work-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
                    MutinyEmitter<String> emitter,
            ObjectMapper mapper) {
        this.emitter = emitter;
        this.mapper = mapper;
    }

    /** Completes once the broker has the item (acks=all). */
    public Uni<Void> publish(WorkItem item, int index) {
        String json;
        try {
            json = mapper.writeValueAsString(item);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return emitter.sendMessage(Message.of(json)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(item.runId() + "-" + index)
                        .build()));
    }
}
