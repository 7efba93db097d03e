package io.retailpulse.ingest.exactlyonce;

import io.quarkus.runtime.StartupEvent;
import io.retailpulse.ingest.kafka.BrokerStatus;
import io.retailpulse.ingest.kafka.KafkaClients;
import io.retailpulse.ingest.platform.IngestConfig;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jboss.logging.Logger;

/**
 * While {@link BrokerStatus} says the broker is away, asks it every second (one {@code describeCluster} on a
 * worker, bounded by {@code kafka-timeout} and at most 2 s, one at a time) whether it is back, then decides the
 * windows left in doubt. Without it only traffic would notice the return, and a readiness probe that took the
 * instance out of traffic (spool off) would keep it out for good. Costs nothing while the broker answers.
 */
@ApplicationScoped
public class BrokerProbe {
    private static final Logger LOG = Logger.getLogger(BrokerProbe.class);

    private final BrokerStatus status;
    private final KafkaClients clients;
    private final TransactionRecovery recovery;
    private final IngestConfig config;
    private static final long PERIOD_MS = 1_000;
    private static final long MAX_PROBE_MS = 2_000;
    private final AtomicBoolean probing = new AtomicBoolean();

    public BrokerProbe(BrokerStatus status, KafkaClients clients, TransactionRecovery recovery, IngestConfig config) {
        this.status = status;
        this.clients = clients;
        this.recovery = recovery;
        this.config = config;
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(PERIOD_MS, id -> {
            if (!status.isReachable() && probing.compareAndSet(false, true)) {
                Infrastructure.getDefaultWorkerPool().execute(this::probe);
            }
        });
    }

    /** One bounded look at the broker; blocking. */
    void probe() {
        long timeout = Math.min(config.kafkaTimeout().toMillis(), MAX_PROBE_MS);
        Map<String, Object> settings = clients.base();
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeout / 2));
        Admin admin = null;
        try {
            admin = Admin.create(settings);
            admin.describeCluster().nodes().get(timeout, TimeUnit.MILLISECONDS);
            status.reachable();
            recovery.retryInDoubt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            status.failed(e);
            LOG.debugf("Kafka broker still unreachable: %s", e.toString());
        } finally {
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
            probing.set(false);
        }
    }
}
