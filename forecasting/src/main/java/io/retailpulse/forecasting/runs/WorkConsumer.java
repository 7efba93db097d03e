package io.retailpulse.forecasting.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Thin adapter of {@code forecasting.work} (group {@code forecasting-work}, several consumers per replica): reads
 * an item and hands it to {@link PairWork}. A failed item is nacked: the channel's dead-letter strategy puts it on
 * {@code forecasting.work.dlq} with the reason (unreadable, or MySQL unreachable for the whole retry window). The
 * offset is committed only after the item is stored, so a killed replica's items are redelivered to the others.
 */
@ApplicationScoped
public class WorkConsumer {
    private final PairWork work;
    private final ObjectMapper mapper;

    public WorkConsumer(PairWork work, ObjectMapper mapper) {
        this.work = work;
        this.mapper = mapper;
    }

    @Incoming("forecasting-work")
    public Uni<Void> consume(String payload) {
        WorkItem item;
        try {
            item = mapper.readValue(payload, WorkItem.class).checked();
        } catch (Exception e) {
            return Uni.createFrom().failure(new IllegalArgumentException("unreadable work item: " + e.getMessage(), e));
        }
        return work.process(item);
    }
}
