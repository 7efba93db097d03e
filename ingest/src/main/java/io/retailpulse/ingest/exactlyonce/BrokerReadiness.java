package io.retailpulse.ingest.exactlyonce;

import io.retailpulse.ingest.kafka.BrokerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the Kafka side, answered from what ingest's own Kafka calls last saw (no I/O, so the probe
 * answers at once even while the broker is away). Ready while the broker answers, or while it does not but the
 * spool can still take uploads (they are accepted and handed on later); not ready only when uploads could get
 * nothing but 503s. A broker outage never touches liveness: restarting ingest would not bring the broker back.
 */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {
    private final BrokerStatus broker;
    private final Spool spool;

    public BrokerReadiness(BrokerStatus broker, Spool spool) {
        this.broker = broker;
        this.spool = spool;
    }

    @Override
    public HealthCheckResponse call() {
        boolean reachable = broker.isReachable();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("ingest-kafka")
                .status(reachable || spool.hasRoom())
                .withData("broker", reachable ? "reachable" : "unreachable")
                .withData("spooledWindows", spool.windowCount())
                .withData("spoolBytes", spool.bytes());
        Instant since = broker.unreachableAt();
        if (since != null) {
            response.withData("unreachableSince", since.toString());
            response.withData("lastError", String.valueOf(broker.lastError()));
        }
        return response.build();
    }
}
