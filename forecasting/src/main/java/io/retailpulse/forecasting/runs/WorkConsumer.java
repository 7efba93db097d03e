package io.retailpulse.forecasting.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Thin adapter of {@code forecasting.work} (group {@code forecasting-work}, several consumers per replica): reads
 * an item and hands it to {@link PairWork}. A failed item is nacked: the channel's dead-letter strategy puts it on
 * {@code forecasting.work.dlq} with the reason (unreadable, or MySQL unreachable for the whole retry window). An
 * unreadable record first fails the pairs its key names ({@code <runId>-<item>}), so its run still finishes. The
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
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        WorkItem item;
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("no value");
            }
            item = mapper.readValue(record.value(), WorkItem.class).checked();
        } catch (Exception e) {
            IllegalArgumentException unreadable =
                    new IllegalArgumentException("unreadable work item: " + e.getMessage(), e);
            return WorkPublisher.parseKey(record.key())
                    .map(k -> work.failUnreadable(k[0], (int) k[1], unreadable.getMessage()))
                    .orElseGet(() -> Uni.createFrom().voidItem())
                    .onItemOrFailure()
                    .transformToUni((ignored, failure) -> Uni.createFrom().failure(unreadable));
        }
        return work.process(item);
    }
}
