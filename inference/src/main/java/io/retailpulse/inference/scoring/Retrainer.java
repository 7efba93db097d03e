package io.retailpulse.inference.scoring;

import io.quarkus.scheduler.Scheduled;
import io.retailpulse.inference.config.NlpConfig;
import io.retailpulse.inference.shared.ClusterLock;
import io.retailpulse.inference.shared.InferencePool;
import io.retailpulse.nlp.PulseTextModel;
import io.retailpulse.nlp.SentimentHead;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Incremental retraining of the sentiment head from labelled feedback ({@code sentiment_label}). The labels whose
 * id is a multiple of {@code holdout-modulus} are held out (the same ones every time, never trained on); the rest
 * train a head warm-started from the active one ({@link SoftmaxTrainer}) on the model's features. Both heads are
 * evaluated on the held-out labels; the candidate is registered ACTIVE and swapped in without a restart when it is
 * not worse ({@link RetrainPolicy#accept}), REJECTED otherwise. Triggers ({@link RetrainPolicy#trigger}) are checked
 * on a schedule; {@code POST /api/v1/models/retrain} starts one by hand.
 */
@ApplicationScoped
public class Retrainer {
    private static final Logger LOG = Logger.getLogger(Retrainer.class);

    /** ACTIVE or REJECTED (a version was registered), SKIPPED (not enough labels), BUSY (one runs already). */
    public record Outcome(String status, String version, String trigger, String reason, Map<String, Object> metrics) {}

    private final ActiveModel active;
    private final Scorer scorer;
    private final InferencePool pool;
    private final LabelRepository labels;
    private final ModelRegistryRepository registry;
    private final DriftService drift;
    private final NlpConfig.Retrain config;
    private final RetrainPolicy policy;
    private final ClusterLock lock;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Instant lastRetrain = Instant.now();

    public Retrainer(
            ActiveModel active,
            Scorer scorer,
            InferencePool pool,
            LabelRepository labels,
            ModelRegistryRepository registry,
            DriftService drift,
            NlpConfig config,
            ClusterLock lock) {
        this.active = active;
        this.scorer = scorer;
        this.pool = pool;
        this.labels = labels;
        this.registry = registry;
        this.drift = drift;
        this.lock = lock;
        this.config = config.retrain();
        this.policy = new RetrainPolicy(
                this.config.minNewLabels(),
                this.config.minTotalLabels(),
                this.config.interval(),
                this.config.confidenceDrop(),
                this.config.driftPsi(),
                this.config.minRecent(),
                this.config.tolerance());
    }

    /** New labels arrived: the count trigger may fire without waiting for the schedule. */
    public void labelsAdded() {
        if ("off".equalsIgnoreCase(config.every()) || "disabled".equalsIgnoreCase(config.every())) {
            return;
        }
        check().subscribe().with(x -> {}, e -> LOG.warn("retrain check failed", e));
    }

    // Clustered Quartz (application.properties): one replica checks per period, not every replica.
    @Scheduled(
            identity = "model-retraining",
            every = "${pulse.inference.nlp.retrain.every:15m}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return check().onFailure()
                .invoke(e -> LOG.warn("retrain check failed", e))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Checks the triggers and retrains when one fires; the outcome, or empty when none fired. */
    public Uni<Optional<Outcome>> check() {
        if (running.get()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return labels.counts()
                .chain(counts -> drift.report()
                        .map(d -> new RetrainPolicy.State(
                                (int) counts[1],
                                (int) counts[0],
                                lastRetrain,
                                Instant.now(),
                                d.recent().size(),
                                d.reference().meanConfidence(),
                                d.recent().meanConfidence(),
                                d.labelPsi() == null ? 0 : d.labelPsi(),
                                d.confidencePsi() == null ? 0 : d.confidencePsi())))
                .chain(state -> policy.trigger(state)
                        .map(t -> retrain(t).map(Optional::of))
                        .orElse(Uni.createFrom().item(Optional.empty())));
    }

    public Uni<Outcome> retrain(String trigger) {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().item(new Outcome("BUSY", null, trigger, "a retrain is running", Map.of()));
        }
        // one retrain in the whole cluster (the label-count trigger and the API reach any replica): the MySQL named
        // lock "model-retrain" is held until the version is registered, so two replicas never number one version
        return lock.tryAcquire("model-retrain")
                .chain(held -> held.isEmpty()
                        ? Uni.createFrom()
                                .item(new Outcome(
                                        "BUSY",
                                        null,
                                        trigger,
                                        "a retrain is running on another replica",
                                        Map.<String, Object>of()))
                        : labels.latest(config.maxLabels())
                                .chain(all -> run(trigger, all))
                                .eventually(() -> held.get().release()))
                .onTermination()
                .invoke(() -> running.set(false));
    }

    private Uni<Outcome> run(String trigger, List<LabelRepository.Label> all) {
        List<LabelRepository.Label> train = new ArrayList<>();
        List<LabelRepository.Label> holdout = new ArrayList<>();
        for (LabelRepository.Label l : all) {
            (l.id() % config.holdoutModulus() == 0 ? holdout : train).add(l);
        }
        if (holdout.size() < config.minHoldout() || train.isEmpty()) {
            return Uni.createFrom()
                    .item(new Outcome(
                            "SKIPPED",
                            null,
                            trigger,
                            "need " + config.minHoldout()
                                    + " held-out labels (every id divisible by " + config.holdoutModulus()
                                    + ") and one to train on; have "
                                    + holdout.size() + " and " + train.size(),
                            Map.of()));
        }
        return Uni.createFrom()
                .item(() -> fit(train, holdout))
                .runSubscriptionOn(pool.executor())
                .chain(fit -> registry.count(fit.model().name(), active.baseVersion() + "-r")
                        .chain(n -> {
                            String version = versionName(active.baseVersion(), n + 1);
                            boolean accepted = policy.accept(fit.current(), fit.candidate());
                            String status =
                                    accepted ? ModelRegistryRepository.ACTIVE : ModelRegistryRepository.REJECTED;
                            Map<String, Object> metrics = new LinkedHashMap<>();
                            metrics.put(
                                    "holdout.macroRecall", round(fit.candidate().macroRecall()));
                            metrics.put(
                                    "holdout.accuracy", round(fit.candidate().accuracy()));
                            metrics.put(
                                    "previous.macroRecall", round(fit.current().macroRecall()));
                            metrics.put("previous.accuracy", round(fit.current().accuracy()));
                            metrics.put("previous.version", fit.model().version());
                            metrics.put("holdout.size", holdout.size());
                            metrics.put("train.size", train.size());
                            metrics.put("trigger", trigger);
                            SoftmaxTrainer.Weights w = fit.head();
                            ModelRegistryRepository.Version v = new ModelRegistryRepository.Version(
                                    fit.model().name(),
                                    version,
                                    "sentiment",
                                    status,
                                    metrics,
                                    "sentiment_label: " + train.size() + " trained, "
                                            + holdout.size() + " held out (ids "
                                            + all.get(0).id() + ".."
                                            + all.get(all.size() - 1).id() + "); head warm-started from "
                                            + fit.model().version() + ", encoder " + active.baseVersion(),
                                    Instant.now(),
                                    null,
                                    null);
                            LOG.infof(
                                    "retrained sentiment head %s (%s): held-out macro recall %.4f vs %.4f -> %s",
                                    version,
                                    trigger,
                                    fit.candidate().macroRecall(),
                                    fit.current().macroRecall(),
                                    status);
                            Uni<Void> registered = registry.register(
                                    v,
                                    Optional.of(new ModelRegistryRepository.Head(
                                            active.baseVersion(), w.weight(), w.bias())));
                            Uni<Void> swapped = !accepted
                                    ? Uni.createFrom().voidItem()
                                    : Uni.createFrom()
                                            .item(() -> {
                                                active.replace(m -> m.withSentimentHead(
                                                        new SentimentHead(w.weight(), w.bias()), version));
                                                return null;
                                            })
                                            .runSubscriptionOn(pool.executor())
                                            .replaceWithVoid();
                            List<Long> ids =
                                    all.stream().map(LabelRepository.Label::id).toList();
                            return registered
                                    .chain(() -> swapped)
                                    .chain(() -> labels.markUsed(ids, version))
                                    .invoke(() -> lastRetrain = Instant.now())
                                    .map(x -> new Outcome(
                                            status,
                                            version,
                                            trigger,
                                            accepted
                                                    ? "not worse on the held-out labels"
                                                    : "worse on the held-out labels",
                                            metrics));
                        }));
    }

    private record Fit(
            PulseTextModel model,
            SoftmaxTrainer.Weights head,
            SoftmaxTrainer.Evaluation current,
            SoftmaxTrainer.Evaluation candidate) {}

    /** On the inference worker: features of every label, the candidate head, both evaluations. */
    private Fit fit(List<LabelRepository.Label> train, List<LabelRepository.Label> holdout) {
        return active.use(model -> fit(model, train, holdout));
    }

    private Fit fit(PulseTextModel model, List<LabelRepository.Label> train, List<LabelRepository.Label> holdout) {
        float[][] xTrain = scorer.features(
                        model, train.stream().map(LabelRepository.Label::text).toList())
                .toArray(float[][]::new);
        float[][] xHold = scorer.features(
                        model, holdout.stream().map(LabelRepository.Label::text).toList())
                .toArray(float[][]::new);
        int[] yTrain =
                train.stream().mapToInt(l -> SentimentLabels.index(l.label())).toArray();
        int[] yHold =
                holdout.stream().mapToInt(l -> SentimentLabels.index(l.label())).toArray();
        SentimentHead h = model.sentimentHead();
        SoftmaxTrainer.Weights current = new SoftmaxTrainer.Weights(h.weight(), h.bias());
        SoftmaxTrainer.Weights candidate = SoftmaxTrainer.train(
                current,
                xTrain,
                yTrain,
                new SoftmaxTrainer.Options(config.epochs(), config.learningRate(), config.l2()));
        return new Fit(
                model,
                candidate,
                SoftmaxTrainer.evaluate(current, xHold, yHold),
                SoftmaxTrainer.evaluate(candidate, xHold, yHold));
    }

    /** {@code <base>-r<n>}, within the registry's 32 characters. */
    static String versionName(String base, int n) {
        String suffix = "-r" + n;
        return (base.length() + suffix.length() > 32 ? base.substring(0, 32 - suffix.length()) : base) + suffix;
    }

    private static double round(double v) {
        return SentimentLabels.round(v);
    }
}
