package io.retailpulse.ingest.domain;

import io.retailpulse.common.events.Topics;
import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.ingest.messaging.Records;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects one transactions upload into windows and hands each to {@link TransactionWindowPublisher} before
 * reading on, so memory stays bounded and nothing is reported accepted before Kafka committed it.
 * Runs on a worker thread (it blocks while waiting).
 */
public final class UploadSink implements TransactionCsvReader.Sink {
    private final TransactionWindowPublisher publisher;
    private final CatalogGate catalog;
    private final Records records;
    private final String source;
    private final int window;
    private final int maxReportedErrors;
    private final List<TransactionEvent> events = new ArrayList<>();
    private final List<Long> lines = new ArrayList<>();
    private final List<String> raws = new ArrayList<>();
    private final List<ProducerRecord<String, byte[]>> deadLetters = new ArrayList<>();
    private final List<RowError> errors = new ArrayList<>();
    private long accepted;
    private long duplicates;
    private long inDoubt;
    private long rejected;

    public UploadSink(TransactionWindowPublisher publisher, CatalogGate catalog, Records records, String source,
            int window, int maxReportedErrors) {
        this.publisher = publisher;
        this.catalog = catalog;
        this.records = records;
        this.source = source;
        this.window = window;
        this.maxReportedErrors = maxReportedErrors;
    }

    /** Line numbers and raw lines are kept per window only, for the catalog check's row errors. */
    @Override
    public void accept(TransactionEvent event, long line, String rawLine) {
        events.add(event);
        lines.add(line);
        raws.add(rawLine);
        flushIfFull();
    }

    @Override
    public void reject(RowError error, String rawLine) {
        record(error, rawLine);
        flushIfFull();
    }

    private void record(RowError error, String rawLine) {
        rejected++;
        if (errors.size() < maxReportedErrors) {
            errors.add(error);
        }
        deadLetters.add(records.deadLetter(Topics.dlq(Topics.TRANSACTIONS), rawLine, error.line(), error.reason(),
                source));
    }

    private void flushIfFull() {
        if (events.size() + deadLetters.size() >= window) {
            flush();
        }
    }

    /** Publishes what is pending; throws {@link PublishFailedException} if Kafka did not take it. */
    public void flush() {
        if (events.isEmpty() && deadLetters.isEmpty()) {
            return;
        }
        CatalogGate.Checked checked = catalog.check(events, lines, raws);
        checked.rejected().forEach(r -> record(r.error(), r.rawLine()));
        List<TransactionEvent> valid = checked.valid();
        WindowResult result = publisher.publish(valid, List.copyOf(deadLetters), accepted);
        accepted += valid.size() - result.inDoubt();
        duplicates += result.duplicates();
        inDoubt += result.inDoubt();
        events.clear();
        lines.clear();
        raws.clear();
        deadLetters.clear();
    }

    /** Rows another window still decides on: the client must send them again later. */
    public long inDoubt() {
        return inDoubt;
    }

    public IngestResult result() {
        // Catalog errors are found per window, after the CSV errors of the same window.
        List<RowError> sorted = errors.stream().sorted(java.util.Comparator.comparingLong(RowError::line)).toList();
        return new IngestResult(accepted, rejected, sorted, duplicates,
                rejected > errors.size() ? true : null);
    }
}
