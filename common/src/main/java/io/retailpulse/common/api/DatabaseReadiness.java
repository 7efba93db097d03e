package io.retailpulse.common.api;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the MySQL pool, bounded by {@code pulse.database.probe-timeout}. Replaces Quarkus' datasource
 * checks ({@code quarkus.datasource.health.enabled=false}): the reactive one waits up to 20 s and the JDBC one
 * longer, so a frozen server made {@code /q/health/ready} hang instead of answering DOWN.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {
    static final String NAME = "database";
    private final Pool pool;
    private final Duration timeout;

    public DatabaseReadiness(Pool pool, DatabaseConfig config) {
        this.pool = pool;
        this.timeout = config.probeTimeout();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        long started = System.nanoTime();
        return DatabaseGuard.bound(pool.query("SELECT 1").execute(), timeout)
                .map(rows -> HealthCheckResponse.named(NAME)
                        .up()
                        .withData("millis", (System.nanoTime() - started) / 1_000_000)
                        .build())
                .onFailure()
                .recoverWithItem(e -> HealthCheckResponse.named(NAME)
                        .down()
                        .withData(
                                "reason",
                                e instanceof DatabaseUnavailableException
                                        ? e.getMessage()
                                        : Outages.detail(e).orElse("the database answered with an error"))
                        .build());
    }
}
