package io.retailpulse.forecasting.runs;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The daily run ({@code pulse.forecasting.schedule.cron}, {@code off} to disable). A job of Quartz's clustered JDBC
 * store (application.properties): with several replicas each fire time starts the run on one of them only.
 */
@ApplicationScoped
public class ForecastSchedule {
    private static final Logger LOG = Logger.getLogger(ForecastSchedule.class);

    private final ForecastRunner runner;

    public ForecastSchedule(ForecastRunner runner) {
        this.runner = runner;
    }

    @Scheduled(
            identity = "daily-forecast-run",
            cron = "${pulse.forecasting.schedule.cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        if (runner.isRunning()) {
            LOG.info("Scheduled forecast run skipped: a run is in progress");
            return Uni.createFrom().voidItem();
        }
        return runner.start("schedule")
                .invoke(id -> LOG.infof("Scheduled forecast run %d started", id))
                .onFailure()
                .invoke(e -> LOG.warn("Scheduled forecast run did not start", e))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
