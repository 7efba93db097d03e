package io.retailpulse.ingest.signals;

import io.retailpulse.common.events.Topics;
import io.retailpulse.ingest.kafka.RecordLog;
import io.retailpulse.ingest.kafka.Records;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * signals.series and its dead-letter twin through ingest's shared idempotent producer (at least once, acks=all):
 * a repeated value is harmless since the same name and day replaces. The one place signals meet ingest's
 * messaging classes.
 */
@ApplicationScoped
public class SignalPublisher {
    private final RecordLog log;
    private final Records records;

    public SignalPublisher(RecordLog log, Records records) {
        this.log = log;
        this.records = records;
    }

    Uni<Void> publish(SignalEvent event) {
        return log.send(records.json(Topics.SIGNALS_SERIES, event.name(), event));
    }

    /** A rejected row or record on signals.series.dlq, the reason (and line) in the dead-letter headers. */
    Uni<Void> deadLetter(String raw, Long line, String reason, String source) {
        return log.send(records.deadLetter(Topics.dlq(Topics.SIGNALS_SERIES), raw, line, reason, source));
    }
}
