package io.retailpulse.ingest.domain;

import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.ingest.messaging.TransactionPublisher;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects one upload's rows and hands them on in windows: after each window it waits for the broker's
 * acknowledgements, so memory stays bounded and nothing is reported accepted before Kafka has it.
 * Runs on a worker thread (it blocks while waiting).
 */
public final class UploadSink implements TransactionCsvReader.Sink {
    private final TransactionPublisher publisher;
    private final String source;
    private final int window;
    private final Duration ackTimeout;
    private final int maxReportedErrors;
    private final List<Uni<Void>> pending = new ArrayList<>();
    private final List<RowError> errors = new ArrayList<>();
    private long inFlightAccepted;
    private long accepted;
    private long rejected;

    public UploadSink(TransactionPublisher publisher, String source, int window, Duration ackTimeout,
            int maxReportedErrors) {
        this.publisher = publisher;
        this.source = source;
        this.window = window;
        this.ackTimeout = ackTimeout;
        this.maxReportedErrors = maxReportedErrors;
    }

    @Override
    public void accept(TransactionEvent event) {
        pending.add(publisher.publish(event));
        inFlightAccepted++;
        flushIfFull();
    }

    @Override
    public void reject(RowError error, String rawLine) {
        rejected++;
        if (errors.size() < maxReportedErrors) {
            errors.add(error);
        }
        pending.add(publisher.deadLetter(rawLine, error.line(), error.reason(), source));
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
            throw new PublishFailedException(accepted, e);
        }
        pending.clear();
        accepted += inFlightAccepted;
        inFlightAccepted = 0;
    }

    public IngestResult result() {
        return new IngestResult(accepted, rejected, List.copyOf(errors), rejected > errors.size() ? true : null);
    }

    /** Kafka did not acknowledge; {@code confirmed} rows of the upload were handed on before. */
    public static class PublishFailedException extends RuntimeException {
        private final long confirmed;

        PublishFailedException(long confirmed, Throwable cause) {
            super(cause.getMessage(), cause);
            this.confirmed = confirmed;
        }

        public long confirmed() {
            return confirmed;
        }
    }
}
