package io.retailpulse.inference.complaints;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.retailpulse.common.api.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The weekly run ({@code pulse.inference.topics.schedule.cron}, {@code off} to disable). Clustered Quartz
 * (application.properties) fires it on one replica per fire time; the run lock ({@link TopicRunner}) still refuses
 * a second run while one is in progress anywhere (e.g. one started through the API), and the run's fire time is a
 * unique key, so a fire time Quartz hands out twice (a replica rescheduling at start-up) runs once.
 */
@ApplicationScoped
public class TopicSchedule {
    private static final Logger LOG = Logger.getLogger(TopicSchedule.class);

    private final TopicRunner runner;

    public TopicSchedule(TopicRunner runner) {
        this.runner = runner;
    }

    @Scheduled(
            identity = "weekly-topic-run",
            cron = "${pulse.inference.topics.schedule.cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run(ScheduledExecution execution) {
        if (runner.isRunning()) {
            LOG.info("Scheduled topic run skipped: a run is in progress");
            return Uni.createFrom().voidItem();
        }
        return runner.start("schedule", null, null, execution.getScheduledFireTime())
                .invoke(id -> LOG.infof("Scheduled topic run %d started", id))
                .onFailure()
                .invoke(e -> {
                    if (e instanceof ProblemException p && (p.status() == 409 || p.status() == 503)) {
                        LOG.info("Scheduled topic run skipped: " + e.getMessage());
                    } else {
                        LOG.warn("Scheduled topic run did not start", e);
                    }
                })
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
