package io.retailpulse.ingest.uploads;

import io.retailpulse.common.events.Topics;
import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.ingest.kafka.PublishFailedException;
import io.retailpulse.ingest.kafka.Records;
import io.retailpulse.ingest.platform.CapabilityApi;
import io.retailpulse.ingest.platform.csv.RowError;
import io.retailpulse.ingest.uploads.csv.TransactionCsvReader;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Collects one transactions upload into windows. While window N is being committed to Kafka (on another
 * worker), the next window is read and claimed, so reading, MySQL and Kafka overlap; windows are still
 * committed one after the other, in file order. Nothing is reported accepted before Kafka committed it.
 * Runs on a worker thread (it blocks while waiting).
 */
@CapabilityApi
public final class ExactlyOnceUploadSink implements TransactionCsvReader.Sink {
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
    /** Windows claimed or committing at once: reading, MySQL and Kafka overlap; memory stays bounded. */
    static final int DEPTH = 3;

    private final Set<String> ownWindows = ConcurrentHashMap.newKeySet();
    private final Deque<CompletableFuture<Void>> outstanding = new ArrayDeque<>();
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong inDoubt = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
    private final AtomicLong rejected = new AtomicLong();

    public ExactlyOnceUploadSink(
            TransactionWindowPublisher publisher,
            CatalogGate catalog,
            Records records,
            String source,
            int window,
            int maxReportedErrors) {
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
        rejected.incrementAndGet();
        if (errors.size() < maxReportedErrors) {
            errors.add(error);
        }
        deadLetters.add(
                records.deadLetter(Topics.dlq(Topics.TRANSACTIONS), rawLine, error.line(), error.reason(), source));
    }

    private void flushIfFull() {
        if (events.size() + deadLetters.size() >= window) {
            handOn();
        }
    }

    /**
     * Starts the claim of the pending rows (MySQL works while the next window is read) and chains its commit
     * after the previous window's commit; at most {@link #DEPTH} windows are outstanding.
     */
    private void handOn() {
        if (events.isEmpty() && deadLetters.isEmpty()) {
            return;
        }
        CatalogGate.Checked checked = catalog.check(events, lines, raws);
        checked.rejected().forEach(r -> record(r.error(), r.rawLine()));
        String windowId = publisher.newWindowId();
        ownWindows.add(windowId);
        CompletableFuture<TransactionWindowPublisher.Prepared> prepared =
                publisher.prepare(windowId, checked.valid(), List.copyOf(deadLetters), ownWindows);
        events.clear();
        lines.clear();
        raws.clear();
        deadLetters.clear();
        CompletableFuture<Void> previous = inFlight;
        Executor worker = Infrastructure.getDefaultWorkerPool();
        // Runs on a worker once this window is claimed and the previous window is settled (its error, if any,
        // is passed on rather than skipping this step, so this window's claims can be released).
        inFlight = prepared.thenCombineAsync(
                previous.handle((v, error) -> error),
                (window, previousError) -> {
                    if (previousError != null) {
                        publisher.abandon(window); // an earlier window failed: this one is not published
                        throw previousError instanceof CompletionException c
                                ? c
                                : new CompletionException(previousError);
                    }
                    if (publisher.commit(window, confirmed.get())) {
                        spooled.addAndGet(window.published());
                    }
                    confirmed.addAndGet(window.published() + window.duplicates());
                    duplicates.addAndGet(window.duplicates());
                    inDoubt.addAndGet(window.inDoubt());
                    return null;
                },
                worker);
        outstanding.addLast(inFlight);
        while (outstanding.size() > DEPTH) {
            join(outstanding.removeFirst());
        }
    }

    private static void join(CompletableFuture<Void> window) {
        try {
            window.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Hands on what is pending and waits until every window is committed; throws {@link PublishFailedException}. */
    public void flush() {
        handOn();
        outstanding.clear();
        join(inFlight);
    }

    /** After a failure elsewhere (e.g. MySQL): lets the window in flight finish so the answer is final. */
    public void settle() {
        try {
            inFlight.join();
        } catch (RuntimeException ignored) {
            // the window's own failure handling already released or parked its claims
        }
    }

    /** Rows another upload's window still decides on: the client must send them again later. */
    public long inDoubt() {
        return inDoubt.get();
    }

    public IngestResult result() {
        // Catalog errors are found per window, after the CSV errors of the same window.
        List<RowError> sorted =
                errors.stream().sorted(Comparator.comparingLong(RowError::line)).toList();
        return new IngestResult(
                confirmed.get(),
                rejected.get(),
                sorted,
                duplicates.get(),
                rejected.get() > errors.size() ? true : null,
                spooled.get() > 0 ? spooled.get() : null);
    }
}
