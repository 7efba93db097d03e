package io.retailpulse.ingest.uploads;

import io.retailpulse.ingest.kafka.PublishFailedException;
import io.retailpulse.ingest.kafka.RecordLog;
import io.retailpulse.ingest.kafka.Records;
import io.retailpulse.ingest.platform.csv.RowError;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * At-least-once upload of rows to a topic through the shared idempotent producer: records are sent as they are
 * read and, every {@code window} records, the sink waits for the broker's acknowledgements, so memory stays
 * bounded and nothing is reported accepted before Kafka has it. Rejected rows go to {@code <topic>.dlq}.
 * Runs on a worker thread (it blocks while waiting).
 */
public final class AtLeastOnceUploadSink {
    private final RecordLog log;
    private final Records records;
    private final String dlqTopic;
    private final String source;
    private final int window;
    private final Duration ackTimeout;
    private final int maxReportedErrors;
    private final List<Uni<Void>> pending = new ArrayList<>();
    private final List<RowError> errors = new ArrayList<>();
    private long inFlight;
    private long accepted;
    private long rejected;

    public AtLeastOnceUploadSink(
            RecordLog log,
            Records records,
            String dlqTopic,
            String source,
            int window,
            Duration ackTimeout,
            int maxReportedErrors) {
        this.log = log;
        this.records = records;
        this.dlqTopic = dlqTopic;
        this.source = source;
        this.window = window;
        this.ackTimeout = ackTimeout;
        this.maxReportedErrors = maxReportedErrors;
    }

    public void accept(ProducerRecord<String, byte[]> record) {
        pending.add(log.send(record));
        inFlight++;
        flushIfFull();
    }

    public void reject(RowError error, String rawLine) {
        rejected++;
        if (errors.size() < maxReportedErrors) {
            errors.add(error);
        }
        pending.add(log.send(records.deadLetter(dlqTopic, rawLine, error.line(), error.reason(), source)));
        flushIfFull();
    }

    private void flushIfFull() {
        if (pending.size() >= window) {
            flush();
        }
    }

    /** Waits for every pending acknowledgement; throws {@link PublishFailedException} if Kafka failed. */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            Uni.join().all(List.copyOf(pending)).andFailFast().await().atMost(ackTimeout);
        } catch (RuntimeException e) {
            throw new PublishFailedException(e.getMessage(), accepted, e);
        }
        pending.clear();
        accepted += inFlight;
        inFlight = 0;
    }

    public IngestResult result() {
        return new IngestResult(
                accepted, rejected, List.copyOf(errors), null, rejected > errors.size() ? true : null, null);
    }
}
