package io.retailpulse.forecasting.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.kafka.KeyedJsonRecords;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
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

    /** The record key of a run's item {@code index}: {@code <runId>-<index>}. */
    static String key(long runId, int index) {
        return runId + "-" + index;
    }

    /** The run and item a record key names ({@link #key}); empty for any other key. */
    static java.util.Optional<long[]> parseKey(String key) {
        int dash = key == null ? -1 : key.indexOf('-');
        if (dash <= 0) {
            return java.util.Optional.empty();
        }
        try {
            long runId = Long.parseLong(key.substring(0, dash));
            int index = Integer.parseInt(key.substring(dash + 1));
            return runId > 0 && index >= 0
                    ? java.util.Optional.of(new long[] {runId, index})
                    : java.util.Optional.empty();
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** Completes once the broker has the item (acks=all). */
    public Uni<Void> publish(WorkItem item, int index) {
        return KeyedJsonRecords.send(emitter, mapper, key(item.runId(), index), item);
    }
}
