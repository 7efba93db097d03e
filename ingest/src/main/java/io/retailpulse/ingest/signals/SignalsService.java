package io.retailpulse.ingest.signals;

import io.retailpulse.common.api.DatabaseGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Takes validated signal values in windows: stores a window in MySQL (same name and day replaces), publishes it
 * on signals.series and waits for the broker, then reads on. Rejected rows go to signals.series.dlq. Blocking
 * (runs on the request's worker thread).
 */
@ApplicationScoped
public class SignalsService {
    private static final Logger LOG = Logger.getLogger(SignalsService.class);
    static final int WINDOW = 5000;
    static final int MAX_REPORTED_ERRORS = 1000;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);

    private final SignalRepository repository;
    private final SignalPublisher publisher;
    private final DatabaseGuard guard;

    public SignalsService(SignalRepository repository, SignalPublisher publisher, DatabaseGuard guard) {
        this.repository = repository;
        this.publisher = publisher;
        this.guard = guard;
    }

    /** Collects one request's rows; {@link #finish()} hands the rest on and answers. */
    Upload upload(String origin) {
        return new Upload(origin);
    }

    /** Thrown when Kafka did not take a window (the rows before it are stored and published). */
    static final class PublishException extends RuntimeException {
        PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    final class Upload {
        private final String origin;
        private final List<SignalEvent> window = new ArrayList<>();
        private final List<Uni<Void>> deadLetters = new ArrayList<>();
        private final List<SignalsResult.RowError> errors = new ArrayList<>();
        private long accepted;
        private long rejected;

        private Upload(String origin) {
            this.origin = origin;
        }

        void accept(SignalEvent event) {
            window.add(event);
            if (window.size() >= WINDOW) {
                flush();
            }
        }

        void reject(long line, Integer item, String reason, String raw) {
            rejected++;
            if (errors.size() < MAX_REPORTED_ERRORS) {
                errors.add(new SignalsResult.RowError(line, item, reason));
            }
            deadLetters.add(publisher.deadLetter(raw, line, reason, origin));
        }

        private void flush() {
            List<SignalEvent> batch = List.copyOf(window);
            window.clear();
            if (!batch.isEmpty()) {
                guard.bound(repository.upsert(batch)).await().indefinitely();
            }
            List<Uni<Void>> sends = new ArrayList<>(deadLetters);
            deadLetters.clear();
            batch.forEach(e -> sends.add(publisher.publish(e)));
            if (!sends.isEmpty()) {
                try {
                    Uni.join().all(sends).andFailFast().await().atMost(ACK_TIMEOUT);
                } catch (RuntimeException e) {
                    throw new PublishException(
                            "Kafka did not take the values (" + e.getMessage() + "); " + accepted
                                    + " values before them were stored and published, the next " + batch.size()
                                    + " are stored but may not be published",
                            e);
                }
            }
            accepted += batch.size();
        }

        SignalsResult finish() {
            flush();
            LOG.infof("signals (%s): %d accepted, %d rejected", origin, accepted, rejected);
            return new SignalsResult(accepted, rejected, List.copyOf(errors), rejected > errors.size() ? true : null);
        }
    }
}
