package io.retailpulse.inference.scoring;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.retailpulse.inference.shared.InferencePool;
import io.retailpulse.inference.shared.Retries;
import io.retailpulse.nlp.ModelCard;
import io.retailpulse.nlp.PulseTextModel;
import io.retailpulse.nlp.SentimentHead;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * At start-up: if the registry's ACTIVE version is a head retrained on this very encoder, that head is swapped in
 * again (a retrain survives restarts); otherwise the loaded version is registered ACTIVE with its card's metrics.
 */
@ApplicationScoped
public class ModelRegistration {
    private static final Logger LOG = Logger.getLogger(ModelRegistration.class);

    private final ActiveModel active;
    private final ModelRegistryRepository registry;
    private final InferencePool pool;

    public ModelRegistration(ActiveModel active, ModelRegistryRepository registry, InferencePool pool) {
        this.active = active;
        this.registry = registry;
        this.pool = pool;
    }

    void onStart(@Observes StartupEvent event) {
        Retries.outage(register(), 10)
                .subscribe()
                .with(
                        v -> LOG.infof(
                                "sentiment model %s %s is ACTIVE",
                                active.get().name(), active.get().version()),
                        e -> LOG.error("cannot register the model version", e));
    }

    /** What start-up does; public so that a test can replay a restart's restore. */
    public Uni<Void> register() {
        PulseTextModel loaded = active.get();
        return registry.active(loaded.name()).chain(current -> {
            if (current.isPresent() && !current.get().version().equals(active.baseVersion())) {
                String version = current.get().version();
                return registry.head(loaded.name(), version).chain(head -> {
                    if (head.isPresent() && head.get().baseVersion().equals(active.baseVersion())) {
                        return Uni.createFrom()
                                .item(() -> {
                                    active.replace(m -> m.withSentimentHead(
                                            new SentimentHead(
                                                    head.get().weight(),
                                                    head.get().bias()),
                                            version));
                                    return null;
                                })
                                .runSubscriptionOn(pool.executor())
                                .replaceWithVoid();
                    }
                    return registerLoaded(loaded);
                });
            }
            return registerLoaded(loaded);
        });
    }

    /**
     * Every replica scores with the registry's ACTIVE version: a head retrained on another replica (the one that ran
     * the clustered retraining job or took the API call) is swapped in here within {@code retrain.follow-every}. On
     * each replica's own simple scheduler, not the clustered Quartz one that runs a job on one replica only.
     */
    @Scheduled(
            identity = "model-follower",
            every = "${pulse.inference.nlp.retrain.follow-every}",
            delayed = "30s",
            executeWith = Scheduled.SIMPLE,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> follow() {
        PulseTextModel loaded = active.get();
        return registry.active(loaded.name())
                .chain(current -> {
                    if (current.isEmpty()
                            || current.get().version().equals(loaded.version())
                            || current.get().version().equals(active.baseVersion())) {
                        return Uni.createFrom().voidItem();
                    }
                    String version = current.get().version();
                    return registry.head(loaded.name(), version).chain(head -> {
                        if (head.isEmpty() || !head.get().baseVersion().equals(active.baseVersion())) {
                            return Uni.createFrom().voidItem();
                        }
                        return Uni.createFrom()
                                .item(() -> {
                                    // re-checked inside the serialised swap: a local retrain may have got there
                                    // first
                                    active.replace(m -> m.version().equals(version)
                                            ? m
                                            : m.withSentimentHead(
                                                    new SentimentHead(
                                                            head.get().weight(),
                                                            head.get().bias()),
                                                    version));
                                    return null;
                                })
                                .runSubscriptionOn(pool.executor())
                                .replaceWithVoid();
                    });
                })
                .onFailure()
                .invoke(e -> LOG.debug("active model check failed", e))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** The registry's short task name (sentiment, ner, sentiment+ner) from the card's description. */
    static String task(String description) {
        String d = description == null ? "" : description.toLowerCase(java.util.Locale.ROOT);
        boolean sentiment = d.contains("sentiment");
        boolean ner = d.matches("(?s).*\\bner\\b.*") || d.contains("entit");
        if (sentiment && ner) {
            return "sentiment+ner";
        }
        return sentiment ? "sentiment" : ner ? "ner" : d.length() <= 32 ? d : d.substring(0, 32);
    }

    private Uni<Void> registerLoaded(PulseTextModel model) {
        ModelCard card = model.card();
        Map<String, Object> metrics = new LinkedHashMap<>(card.metrics());
        // the base version: the card describes what was loaded from the artifacts, before any retrained head
        return registry.register(
                new ModelRegistryRepository.Version(
                        card.name(),
                        active.baseVersion(),
                        task(card.task()),
                        ModelRegistryRepository.ACTIVE,
                        metrics,
                        card.trainingData(),
                        card.trainedAt(),
                        null,
                        null),
                Optional.empty());
    }
}
