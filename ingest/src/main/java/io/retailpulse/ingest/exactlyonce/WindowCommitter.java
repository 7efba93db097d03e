package io.retailpulse.ingest.exactlyonce;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.retailpulse.ingest.exactlyonce.TransactionLedger.PendingWindow;
import io.retailpulse.ingest.kafka.BrokerStatus;
import io.retailpulse.ingest.kafka.PublishFailedException;
import io.retailpulse.ingest.platform.Backoff;
import io.retailpulse.ingest.platform.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Second half of an exactly-once window: publish its records in one Kafka transaction (with the window's
 * marker), then confirm its claims. A failed attempt is retried with back-off, but only after checking the
 * marker, so an attempt whose commit succeeded unseen is never sent twice. After the last attempt the claims
 * go to the spool (bounded, durable) if it has room; otherwise they are released if Kafka says the window is
 * not committed, or left to recovery if Kafka cannot say.
 * <p>
 * A broker that does not answer is not retried: each attempt is bounded by {@code kafka-timeout}, and while
 * {@link BrokerStatus} knows the broker is away, windows go to the spool (or fail) without trying it, so an
 * upload is answered within seconds whatever the length of the outage.
 * Blocking: call from worker threads; every wait, back-off included, happens on the calling thread.
 */
@ApplicationScoped
public class WindowCommitter {
    private static final Logger LOG = Logger.getLogger(WindowCommitter.class);

    private final TransactionLedger ledger;
    private final TransactionalLog log;
    private final TransactionRecovery recovery;
    private final Spool spool;
    private final IngestConfig config;
    private final Timer produceLatency;
    private final BrokerStatus broker;

    public WindowCommitter(
            TransactionLedger ledger,
            TransactionalLog log,
            TransactionRecovery recovery,
            Spool spool,
            IngestConfig config,
            MeterRegistry registry,
            BrokerStatus broker) {
        this.broker = broker;
        this.ledger = ledger;
        this.log = log;
        this.recovery = recovery;
        this.spool = spool;
        this.config = config;
        this.produceLatency = Timer.builder("ingest_produce_latency")
                .description("Time for Kafka to commit one window of records (one Kafka transaction)")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    /**
     * @param claimed   whether the window claimed ids in the ledger (then it is confirmed or released)
     * @param confirmed rows of the upload committed before this window (for the failure message)
     * @return true if the window went to the spool instead (it stays open until the drainer hands it on)
     * @throws PublishFailedException if Kafka did not take the window after the retries and the spool is full
     */
    public boolean commit(
            String windowId,
            Instant started,
            boolean claimed,
            List<ProducerRecord<String, byte[]>> batch,
            long confirmed) {
        if (!batch.isEmpty()) {
            // While windows wait in the spool the broker is presumably down: queue behind them, in order.
            if (claimed && !spool.isEmpty() && spool.write(windowId, batch)) {
                return true;
            }
            if (!broker.isReachable()) {
                // Known to be away (BrokerProbe watches for its return): spool at once, or fail without waiting.
                if (claimed && spool.write(windowId, batch)) {
                    LOG.debugf("window %s spooled: the Kafka broker is unreachable", windowId);
                    return true;
                }
                abandon(windowId, started, claimed); // nothing of it was sent: the claims can go
                throw new PublishFailedException(
                        "the Kafka broker has not answered since " + broker.unreachableAt(), confirmed, null);
            }
            try {
                publishWithRetries(windowId, batch, started);
            } catch (RuntimeException e) {
                if (claimed && spool.write(windowId, batch)) {
                    LOG.warnf("window %s spooled (%d records) after: %s", windowId, batch.size(), e.toString());
                    return true;
                }
                giveUp(windowId, started, claimed, e);
                throw new PublishFailedException(e.getMessage(), confirmed, e);
            }
        }
        if (claimed) {
            confirm(windowId, started);
        }
        return false;
    }

    /**
     * The window is committed on Kafka: its claims become permanent, and the upload is accepted whatever MySQL does
     * now. Waits at most db-timeout, so a frozen MySQL does not hold the answer; a confirmation that fails, or
     * fails late, leaves the window in doubt, and recovery, which finds its marker on Kafka, confirms it before the
     * next window. (Only a timeout was handled before: a MariaDB killed between the commit and the confirmation
     * failed an upload whose rows were on Kafka, and its retries were told "in doubt" until the next restart.)
     */
    private void confirm(String windowId, Instant started) {
        var confirm = ledger.confirm(windowId).memoize().indefinitely();
        try {
            confirm.await().atMost(config.dbTimeout());
        } catch (io.smallrye.mutiny.TimeoutException e) {
            LOG.warnf("window %s: on Kafka, its confirmation waits for MySQL", windowId);
            confirm.subscribe()
                    .with(
                            ignored -> LOG.infof("window %s: late confirmation stored", windowId),
                            failure -> recovery.leaveInDoubt(
                                    windowId, started, "on Kafka, its confirmation failed: " + failure));
        } catch (RuntimeException e) {
            recovery.leaveInDoubt(windowId, started, "on Kafka, its confirmation failed: " + e);
        }
    }

    /**
     * A claimed window that will not be published: frees its claims, or, if MySQL does not take the release, leaves
     * the window in doubt for recovery (its ids would otherwise be held until the next restart).
     */
    public void abandon(String windowId, Instant started, boolean claimed) {
        if (!claimed) {
            return;
        }
        try {
            ledger.release(windowId).await().atMost(config.dbTimeout());
        } catch (RuntimeException e) {
            recovery.leaveInDoubt(windowId, started, "its release failed: " + e);
        }
    }

    /**
     * A plain loop on the calling worker, not Mutiny's {@code retry().withBackOff()}: in Quarkus that back-off
     * is a Vert.x timer of the caller's (request) context, so every retry, with its blocking Kafka calls, ran on
     * the event loop and froze the HTTP server, health probes included, during a broker outage.
     */
    void publishWithRetries(String windowId, List<ProducerRecord<String, byte[]>> batch, Instant started) {
        Backoff backoff =
                new Backoff(config.retryBackoff(), config.retryBackoff().multipliedBy(20), 0.2);
        for (int attempt = 0; ; attempt++) {
            try {
                // A failed attempt may still have committed (e.g. the answer to the commit was lost).
                if (attempt > 0 && log.committedWindowsSince(started).contains(windowId)) {
                    return;
                }
                long t0 = System.nanoTime();
                log.publishAtomically(windowId, batch);
                produceLatency.record(Duration.ofNanos(System.nanoTime() - t0));
                return;
            } catch (RuntimeException e) {
                LOG.warnf("window %s: Kafka attempt %d failed: %s", windowId, attempt + 1, e.toString());
                // An unanswered broker will not answer a few hundred milliseconds later either.
                if (BrokerStatus.isUnreachable(e)) {
                    broker.failed(e);
                    throw e;
                }
                if (attempt >= config.publishRetries()) {
                    throw e;
                }
            }
            try {
                Backoff.sleep(backoff.after(attempt));
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted between Kafka attempts", e);
            }
        }
    }

    private void giveUp(String windowId, Instant started, boolean claimed, RuntimeException cause) {
        LOG.errorf("window %s not handed on: %s", windowId, cause.toString());
        if (!claimed) {
            return;
        }
        PendingWindow pending = new PendingWindow(windowId, started);
        if (!broker.isReachable()) {
            LOG.errorf("window %s left open for recovery (the Kafka broker is unreachable)", windowId);
            recovery.markInDoubt(pending);
            return;
        }
        try {
            recovery.resolve(List.of(pending));
        } catch (RuntimeException e) {
            LOG.errorf(
                    "window %s left open for recovery (Kafka cannot say whether it committed: %s)",
                    windowId, e.getMessage());
            recovery.markInDoubt(pending);
        }
    }
}
