package io.retailpulse.ingest.domain;

import io.retailpulse.common.events.Topics;
import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.ingest.messaging.Records;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Collects one transactions upload into windows. While window N is being committed to Kafka (on another
 * worker), the next window is read and claimed, so reading, MySQL and Kafka overlap; windows are still
 * committed one after the other, in file order. Nothing is reported accepted before Kafka committed it.
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
    private final Set<String> ownWindows = new HashSet<>();
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
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
            handOn();
        }
    }

    /** Claims the pending rows and starts their commit once the previous window's commit is done. */
    private void handOn() {
        if (events.isEmpty() && deadLetters.isEmpty()) {
            return;
        }
        CatalogGate.Checked checked = catalog.check(events, lines, raws);
        checked.rejected().forEach(r -> record(r.error(), r.rawLine()));
        List<TransactionEvent> valid = checked.valid();
        TransactionWindowPublisher.Prepared prepared = publisher.prepare(valid, List.copyOf(deadLetters), ownWindows);
        ownWindows.add(prepared.windowId());
        events.clear();
        lines.clear();
        raws.clear();
        deadLetters.clear();
        try {
            awaitInFlight();
        } catch (RuntimeException e) {
            publisher.abandon(prepared);
            throw e;
        }
        long confirmedBefore = accepted;
        inFlight = CompletableFuture.runAsync(() -> publisher.commit(prepared, confirmedBefore),
                Infrastructure.getDefaultWorkerPool()).thenRun(() -> {
                    accepted += prepared.published() + prepared.duplicates();
                    duplicates += prepared.duplicates();
                    inDoubt += prepared.inDoubt();
                });
    }

    private void awaitInFlight() {
        try {
            inFlight.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Hands on what is pending and waits until every window is committed; throws {@link PublishFailedException}. */
    public void flush() {
        handOn();
        awaitInFlight();
    }

    /** Rows another upload's window still decides on: the client must send them again later. */
    public long inDoubt() {
        return inDoubt;
    }

    public IngestResult result() {
        // Catalog errors are found per window, after the CSV errors of the same window.
        List<RowError> sorted = errors.stream().sorted(Comparator.comparingLong(RowError::line)).toList();
        return new IngestResult(accepted, rejected, sorted, duplicates, rejected > errors.size() ? true : null);
    }
}
