package io.retailpulse.inference.complaints;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Keeps every replica's real-time matcher on the latest run's topics. A weekly run happens on one replica (the one
 * that took the fire time or the API call) and only that one swaps its {@link TopicIndex} at the end; the others
 * find the newer run here ({@code pulse.inference.topics.schedule.follow-every}) and load it. Runs on each
 * replica's own simple scheduler, not on the clustered Quartz one that runs a job on one replica only.
 */
@ApplicationScoped
public class TopicFollower {
    private static final Logger LOG = Logger.getLogger(TopicFollower.class);

    private final TopicStore store;
    private final TopicIndex index;

    public TopicFollower(TopicStore store, TopicIndex index) {
        this.store = store;
        this.index = index;
    }

    @Scheduled(
            identity = "topic-follower",
            every = "${pulse.inference.topics.schedule.follow-every}",
            executeWith = Scheduled.SIMPLE,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> follow() {
        return store.latestRunId()
                .chain(latest -> {
                    if (latest <= index.runId()) {
                        return Uni.createFrom().voidItem();
                    }
                    return store.snapshot(latest)
                            .invoke(snapshot -> {
                                // a run that finished on this replica may have swapped in meanwhile: never step back
                                if (snapshot.runId() > index.runId()) {
                                    index.replace(snapshot);
                                    LOG.infof("Real-time matching now uses the topics of run %d", latest);
                                }
                            })
                            .replaceWithVoid();
                })
                .onFailure()
                .invoke(e -> LOG.debug("topic follow check failed", e))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
