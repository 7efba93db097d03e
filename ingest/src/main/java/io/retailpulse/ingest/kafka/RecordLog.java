package io.retailpulse.ingest.kafka;

import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.producer.ProducerRecord;

/** At-least-once hand-over of single records (sales history, feedback, catalog, dead letters). */
public interface RecordLog {
    /** Completes when the broker acknowledged the record (acks=all), fails if it could not. */
    Uni<Void> send(ProducerRecord<String, byte[]> record);
}
