package io.retailpulse.ingest.exactlyonce;

import io.retailpulse.ingest.exactlyonce.TransactionLedger.PendingWindow;
import io.retailpulse.ingest.kafka.BrokerStatus;
import io.retailpulse.ingest.platform.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Decides windows left open by a crash (or by a broker that could not be asked): if the window's marker is
 * committed on Kafka its claims are kept, otherwise they are released so the rows can be sent again. Asking
 * Kafka first fences the previous producer, so an open transaction cannot commit after the decision.
 */
@ApplicationScoped
public class TransactionRecovery {
    private static final Logger LOG = Logger.getLogger(TransactionRecovery.class);
    /** Markers are looked up from a little before the oldest window, for clock skew between DB and broker. */
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final TransactionLedger ledger;
    private final TransactionalLog log;
    private final Spool spool;
    private final IngestConfig config;
    private final BrokerStatus broker;
    private final Set<PendingWindow> inDoubt = ConcurrentHashMap.newKeySet();
    private final ReentrantLock retrying = new ReentrantLock();
    private volatile boolean recovered;

    public TransactionRecovery(
            TransactionLedger ledger, TransactionalLog log, Spool spool, IngestConfig config, BrokerStatus broker) {
        this.broker = broker;
        this.ledger = ledger;
        this.log = log;
        this.spool = spool;
        this.config = config;
    }

    /**
     * Before a window: once per process resolves every open window of this producer id, and later the windows
     * given up while Kafka could not be asked. With the broker away the windows stay in doubt (their ids are
     * answered 503 until decided) and the new window goes on: it does not need them decided, and it is spooled
     * or answered at once instead of waiting for the broker.
     */
    public void ensureRecovered() {
        if (recovered) {
            retryInDoubt();
            return;
        }
        synchronized (this) {
            if (!recovered) {
                List<PendingWindow> open =
                        ledger.pending(config.producerId()).await().atMost(config.dbTimeout());
                try {
                    resolve(open);
                } catch (RuntimeException e) {
                    LOG.warnf("%d open window(s) left in doubt until Kafka answers: %s", open.size(), e.toString());
                    open.stream().filter(w -> !spool.holds(w.windowId())).forEach(inDoubt::add);
                }
                recovered = true;
            }
        }
    }

    /** A window whose fate Kafka could not tell: decided before a later window is published. */
    public void markInDoubt(PendingWindow window) {
        inDoubt.add(window);
    }

    /**
     * A window whose claims MySQL may still hold although nobody will publish or confirm it (a claim, release or
     * confirmation that failed): decided like a window Kafka could not tell about, before a later window.
     */
    public void leaveInDoubt(String windowId, Instant started, String why) {
        LOG.warnf("window %s left in doubt, decided before the next window: %s", windowId, why);
        markInDoubt(new PendingWindow(windowId, started));
    }

    /** Decides the windows in doubt if the broker is known to answer; blocking, bounded by kafka-timeout. */
    public void retryInDoubt() {
        if (inDoubt.isEmpty() || !broker.isReachable()) {
            return;
        }
        try {
            // Waits for a decision in progress (another window's may be releasing the very ids this one claims),
            // but at most db-timeout: while the database is away every decision fails slowly, and requests must not
            // queue behind each other's attempts.
            if (!retrying.tryLock(config.dbTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            List<PendingWindow> windows = List.copyOf(inDoubt);
            if (windows.isEmpty()) {
                return;
            }
            resolve(windows);
            windows.forEach(inDoubt::remove);
        } catch (RuntimeException e) {
            LOG.warnf("window(s) still in doubt: %s", e.toString());
        } finally {
            retrying.unlock();
        }
    }

    /** Resolves the given open windows of this producer; blocking (worker thread). */
    public synchronized void resolve(Collection<PendingWindow> all) {
        // Spooled windows are accepted and wait for the drainer, which checks their marker itself.
        List<PendingWindow> open =
                all.stream().filter(w -> !spool.holds(w.windowId())).toList();
        if (open.isEmpty()) {
            return;
        }
        Instant oldest = open.stream()
                .map(PendingWindow::createdAt)
                .min(Instant::compareTo)
                .orElseThrow();
        Set<String> committed = log.committedWindowsSince(oldest.minus(SKEW));
        int kept = 0;
        for (PendingWindow window : open) {
            if (committed.contains(window.windowId())) {
                ledger.confirm(window.windowId()).await().atMost(config.dbTimeout());
                kept++;
            } else {
                ledger.release(window.windowId()).await().atMost(config.dbTimeout());
            }
        }
        LOG.infof(
                "recovered %d open window(s): %d were committed on Kafka, %d released for resending",
                open.size(), kept, open.size() - kept);
    }
}
