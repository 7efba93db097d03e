package io.retailpulse.ingest.exactlyonce;

import io.quarkus.runtime.StartupEvent;
import io.retailpulse.ingest.kafka.BrokerStatus;
import io.retailpulse.ingest.platform.IngestConfig;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Hands spooled windows to Kafka, oldest first, every {@code pulse.ingest.spool.drain-interval}: unless the
 * window's marker shows an earlier attempt committed, its records and marker go out in one Kafka transaction;
 * then the window is confirmed in the ledger and its file deleted. A crash at any point leaves the file, and the
 * marker check keeps the next pass from sending it twice.
 */
@ApplicationScoped
public class SpoolDrainer {
    private static final Logger LOG = Logger.getLogger(SpoolDrainer.class);
    /** Markers are looked up from well before the oldest file: its window started before it was written. */
    private static final Duration LOOK_BACK = Duration.ofHours(1);

    private final Spool spool;
    private final TransactionalLog log;
    private final TransactionLedger ledger;
    private final IngestConfig config;
    private final TransactionRecovery recovery;
    private final BrokerStatus broker;
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile long lastWarning = System.nanoTime() - WARN_EVERY.toNanos();

    public SpoolDrainer(
            Spool spool,
            TransactionalLog log,
            TransactionLedger ledger,
            IngestConfig config,
            TransactionRecovery recovery,
            BrokerStatus broker) {
        this.recovery = recovery;
        this.broker = broker;
        this.spool = spool;
        this.log = log;
        this.ledger = ledger;
        this.config = config;
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        if (spool.enabled()) {
            vertx.setPeriodic(
                    config.spool().drainInterval().toMillis(),
                    id -> Infrastructure.getDefaultWorkerPool().execute(this::drainAndDecide));
        }
    }

    /**
     * The periodic pass: the spool, then the windows left in doubt by an outage (so their ids are answered
     * again without waiting for the next upload). Blocking.
     */
    void drainAndDecide() {
        drain();
        if (spool.isEmpty()) {
            recovery.retryInDoubt();
        }
    }

    /**
     * One pass over the spool; blocking. Stops at the first failure (the broker is still away). Skipped while the
     * broker is known to be away: BrokerProbe watches for its return with a cheaper call than a new
     * transactional producer every pass.
     */
    public void drain() {
        if (spool.isEmpty() || !broker.isReachable() || !draining.compareAndSet(false, true)) {
            return;
        }
        try {
            List<Path> files = spool.files();
            if (files.isEmpty()) {
                return;
            }
            Instant since = Files.getLastModifiedTime(files.get(0)).toInstant().minus(LOOK_BACK);
            Set<String> committed = log.committedWindowsSince(since);
            int handedOn = 0;
            for (Path file : files) {
                String windowId = Spool.windowId(file);
                if (!committed.contains(windowId)) {
                    List<ProducerRecord<String, byte[]>> records = spool.read(file);
                    log.publishAtomically(windowId, records);
                }
                ledger.confirm(windowId).await().atMost(config.ackTimeout());
                spool.delete(file);
                handedOn++;
                LOG.debugf("spooled window %s handed on", windowId);
            }
            LOG.infof("spool drained: %d window(s) handed on to Kafka", handedOn);
        } catch (Exception e) {
            // the broker answers (BrokerStatus says so) yet the window fails: say it, at most once a minute, or a
            // spool that stopped draining looks exactly like a healthy one
            long now = System.nanoTime();
            if (broker.isReachable() && now - lastWarning > WARN_EVERY.toNanos()) {
                lastWarning = now;
                LOG.warnf("spool not drained, its oldest window waits: %s", e.toString());
            } else {
                LOG.debugf("spool not drained yet: %s", e.toString());
            }
        } finally {
            draining.set(false);
        }
    }
}
