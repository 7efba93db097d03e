package io.retailpulse.forecasting.runs;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.retailpulse.common.api.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The daily run ({@code pulse.forecasting.schedule.cron}, {@code off} to disable). A job of Quartz's clustered JDBC
 * store (application.properties): with several replicas each fire time starts the run on one of them only, and
 * the fire time is a unique key of the run ({@code forecast_run.scheduled_for}), so a fire time Quartz hands out
 * twice (a replica rescheduling at start-up) runs once.
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
    Uni<Void> run(ScheduledExecution execution) {
        if (runner.isRunning()) {
            LOG.info("Scheduled forecast run skipped: a run is in progress");
            return Uni.createFrom().voidItem();
        }
        return runner.startScheduled(execution.getScheduledFireTime())
                .invoke(id -> LOG.infof("Scheduled forecast run %d started", id))
                .onFailure()
                .invoke(e -> {
                    if (e instanceof ProblemException p && p.status() == 409) {
                        LOG.info("Scheduled forecast run skipped: " + e.getMessage());
                    } else {
                        LOG.warn("Scheduled forecast run did not start", e);
                    }
                })
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
