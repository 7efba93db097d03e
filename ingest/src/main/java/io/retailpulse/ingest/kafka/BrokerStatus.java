package io.retailpulse.ingest.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

/**
 * What ingest's own Kafka calls last said about the broker, so a broker known to be away costs a window no
 * {@code kafka-timeout}: while it is unreachable, windows go straight to the spool (or are answered 503) and
 * {@code BrokerProbe} watches for its return. Answers without I/O, so the readiness probe can read it any time.
 */
@ApplicationScoped
public class BrokerStatus {
    private static final Logger LOG = Logger.getLogger(BrokerStatus.class);

    /** System.nanoTime() of the failure that made the broker unreachable; 0 while it is reachable. */
    private final AtomicLong unreachableSince = new AtomicLong();

    private volatile Instant unreachableAt;
    private volatile String lastError;

    /** A Kafka call succeeded. */
    public void reachable() {
        if (unreachableSince.getAndSet(0) != 0) {
            LOG.infof("Kafka broker reachable again (unreachable since %s)", unreachableAt);
        }
    }

    /** A Kafka call failed; only a failure that says the broker did not answer in time counts. */
    public void failed(Throwable error) {
        if (!isUnreachable(error)) {
            return;
        }
        lastError = error.toString();
        if (unreachableSince.compareAndSet(0, Math.max(1, System.nanoTime()))) {
            unreachableAt = Instant.now();
            LOG.warnf("Kafka broker unreachable: %s", lastError);
        }
    }

    public boolean isReachable() {
        return unreachableSince.get() == 0;
    }

    /** When the broker stopped answering, or null while it is reachable. */
    public Instant unreachableAt() {
        return isReachable() ? null : unreachableAt;
    }

    public String lastError() {
        return lastError;
    }

    /** A timeout anywhere in the cause chain: the broker (or its coordinator) did not answer in time. */
    public static boolean isUnreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof org.apache.kafka.common.errors.DisconnectException) {
                return true;
            }
        }
        return false;
    }
}
