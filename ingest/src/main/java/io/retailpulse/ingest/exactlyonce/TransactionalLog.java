package io.retailpulse.ingest.exactlyonce;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes a window of records atomically (one Kafka transaction) together with a marker naming the window,
 * so that after a crash the marker tells whether the window's records were committed.
 */
public interface TransactionalLog {
    /** Blocks until the transaction committed; throws if it was aborted (then none of the records is visible). */
    void publishAtomically(String windowId, List<ProducerRecord<String, byte[]>> records);

    /**
     * The ids of windows committed since {@code since}. Before answering it fences any transaction a previous
     * run of this instance left open, so a window absent here can never become visible later.
     */
    Set<String> committedWindowsSince(Instant since);
}
