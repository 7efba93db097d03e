package io.retailpulse.inference.complaints;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.retailpulse.common.api.ProblemException;
import io.retailpulse.inference.config.InferenceConfig;
import io.retailpulse.inference.engine.Representer;
import io.retailpulse.inference.engine.Topic;
import io.retailpulse.inference.engine.TopicModel;
import io.retailpulse.inference.engine.TopicParams;
import io.retailpulse.inference.engine.TopicResult;
import io.retailpulse.inference.engine.TopicTracker;
import io.retailpulse.inference.shared.ClusterLock;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * The weekly run: the window's feedback → topics → stable ids and changes → elected reasons, persisted, then the
 * real-time matcher switches to the new topics. One run at a time in the whole cluster, on its own thread: a run
 * holds the {@value #LOCK} lock ({@link ClusterLock}) from start to finish, so a second start on any replica is
 * refused (409), and a replica starting up closes RUNNING runs only when no replica holds it.
 */
@ApplicationScoped
public class TopicRunner {
    private static final Logger LOG = Logger.getLogger(TopicRunner.class);
    private static final Duration DB = Duration.ofMinutes(2);
    static final String LOCK = "topic-run";

    private final TopicModel model;
    private final FeedbackRepository feedback;
    private final TopicRunRepository runs;
    private final TopicStore store;
    private final TopicIndex index;
    private final ThemeText theme;
    private final TopicLabels labels;
    private final InferenceConfig.Topics config;
    private final ClusterLock lock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "topic-run");
        t.setDaemon(true);
        return t;
    });

    public TopicRunner(
            TopicModel model,
            FeedbackRepository feedback,
            TopicRunRepository runs,
            TopicStore store,
            TopicIndex index,
            ThemeText theme,
            TopicLabels labels,
            InferenceConfig config,
            ClusterLock lock) {
        this.model = model;
        this.feedback = feedback;
        this.runs = runs;
        this.store = store;
        this.index = index;
        this.theme = theme;
        this.labels = labels;
        this.config = config.topics();
        this.lock = lock;
    }

    /**
     * Restores the matcher from the latest run and closes runs a killed process left RUNNING (only when no replica
     * holds the run lock: a RUNNING run of a live replica is left alone).
     */
    void onStart(@Observes StartupEvent event) {
        lock.tryAcquire(LOCK)
                .chain(held -> held.isEmpty()
                        ? Uni.createFrom().item(0)
                        : runs.failInterrupted().eventually(() -> held.get().release()))
                .chain(store::latest)
                .subscribe()
                .with(s -> s.ifPresent(index::replace), e -> LOG.warn("Topics not restored", e));
    }

    void onStop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }

    public boolean isRunning() {
        return running.get();
    }

    /** Starts a run over {@code [from, to)} (defaults: the configured window ending now); 409 while one runs. */
    public Uni<Long> start(String trigger, Instant from, Instant to) {
        return start(trigger, from, to, null);
    }

    /** As above, for the schedule's fire time {@code scheduledFor}: 409 when that fire time has already run. */
    public Uni<Long> start(String trigger, Instant from, Instant to, Instant scheduledFor) {
        Instant end = to != null ? to : Instant.now();
        Instant begin = from != null ? from : end.minus(config.window());
        if (!begin.isBefore(end)) {
            return Uni.createFrom().failure(ProblemException.badRequest("from must be before to"));
        }
        if (executor.isShutdown()) {
            // stopping: a run row written now would stay RUNNING until the next start-up
            return Uni.createFrom()
                    .failure(new ProblemException(503, "Service Unavailable", "the service is stopping", null));
        }
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().failure(new ProblemException(409, "Conflict", "a topic run is in progress", null));
        }
        return lock.tryAcquire(LOCK)
                .chain(held -> {
                    if (held.isEmpty()) {
                        return Uni.createFrom()
                                .<Long>failure(new ProblemException(
                                        409, "Conflict", "a topic run is in progress on another replica", null));
                    }
                    return runs.create(trigger, begin, end, scheduledFor)
                            .invoke(runId -> executor.execute(() -> run(runId, begin, end, held.get())))
                            .onFailure()
                            .call(() -> held.get().release());
                })
                .onFailure()
                .invoke(() -> running.set(false));
    }

    private void run(long runId, Instant from, Instant to, ClusterLock.Held held) {
        try {
            List<String> sources = config.sources().orElse(List.of());
            List<FeedbackRepository.Doc> docs = feedback.window(from, to, sources, config.maxRunDocuments())
                    .await()
                    .atMost(DB);
            runs.progress(runId, 0, docs.size()).await().atMost(DB);
            if (docs.size() < Math.max(config.minRunDocuments(), 2 * config.minTopicSize())) {
                String why = "only " + docs.size() + " documents in the window; the previous topics stay active";
                LOG.infof("Topic run %d skipped: %s", runId, why);
                runs.finish(runId, "SKIPPED", null, why).await().atMost(DB);
                return;
            }
            TopicParams params = new TopicParams(
                    config.minTopicSize(),
                    config.minSamples(),
                    config.reducedDims(),
                    config.outlierThreshold(),
                    config.keywords(),
                    config.maxTopicShare(),
                    config.mergeSimilarity(),
                    config.umapDims());
            int total = docs.size();
            List<String> texts = docs.stream().map(d -> theme.of(d.text())).toList();
            // labels read the texts as written less every name (and the preposition before it), see ThemeText.names
            List<String> written =
                    docs.stream().map(FeedbackRepository.Doc::text).toList();
            Set<String> names = theme.names(docs);
            TopicResult result = model.fit(
                    texts,
                    written,
                    names,
                    params,
                    done -> runs.progress(runId, done, total)
                            .subscribe()
                            .with(x -> {}, e -> LOG.debug("progress not saved", e)));
            TopicRunRepository.Outcome outcome = persist(runId, docs, written, names, result, params);
            runs.finish(runId, "DONE", outcome, null).await().atMost(DB);
            if (outcome.topics() > 0) {
                index.replace(store.snapshot(runId).await().atMost(DB));
            }
            LOG.infof("Topic run %d done: %d documents, %s", runId, total, outcome);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Topic run %d failed", runId);
            runs.finish(runId, "FAILED", null, String.valueOf(e.getMessage()))
                    .subscribe()
                    .with(x -> {}, err -> LOG.warn("run status not saved", err));
        } finally {
            try {
                held.release().await().atMost(DB);
            } catch (RuntimeException e) {
                LOG.warn("topic run lock not released; its connection is closed", e);
            }
            running.set(false);
        }
    }

    private TopicRunRepository.Outcome persist(
            long runId,
            List<FeedbackRepository.Doc> docs,
            List<String> texts,
            Set<String> names,
            TopicResult result,
            TopicParams params) {
        List<Topic> topics = result.topics();
        boolean[] unhappy = new boolean[docs.size()];
        for (int i = 0; i < unhappy.length; i++) {
            unhappy[i] = docs.get(i).unhappy();
        }
        int[] unhappyCount = Election.unhappyCounts(result.assignments(), unhappy, topics.size());
        List<TopicStore.RunTopic> previous = store.latest()
                .await()
                .atMost(DB)
                .map(TopicStore.Snapshot::topics)
                .orElse(List.of());
        TopicTracker.Tracking tracking = TopicTracker.track(
                topics,
                previous.stream()
                        .map(p -> new TopicTracker.Previous(p.topicId(), p.size(), p.centroid()))
                        .toList(),
                config.matchSimilarity(),
                config.sizeChange());

        long[] ids = new long[topics.size()];
        List<TopicStore.RunTopic> rows = new ArrayList<>();
        int[] changes = new int[4]; // new, grown, shrunk, stable
        List<TopicStore.RunTopic> matched = tracking.matches().stream()
                .map(m -> m.previous() >= 0 ? previous.get(m.previous()) : null)
                .toList();
        List<List<String>> representatives = topics.stream()
                .map(topic -> IntStream.of(topic.representatives())
                        .mapToObj(i -> docs.get(i).text())
                        .toList())
                .toList();
        // a topic with enough unhappy posts is named by them (the complaint, not the chatter beside it); an
        // unchanged topic keeps its label; others get the key-phrase label (or the LLM's, when enabled)
        List<Representer.Representation> complaints = model.represent(texts, result, unhappy, params, names);
        List<String> offline = IntStream.range(0, topics.size())
                .mapToObj(t -> unhappyCount[t] >= config.minReasonSize()
                                && !complaints.get(t).keywords().isEmpty()
                        ? complaints.get(t).label()
                        : topics.get(t).label())
                .toList();
        List<String> label = labels.labels(topics, offline, matched, representatives, names);
        for (int t = 0; t < topics.size(); t++) {
            Topic topic = topics.get(t);
            TopicTracker.Match m = tracking.matches().get(t);
            TopicStore.RunTopic before = matched.get(t);
            ids[t] = before != null
                    ? before.topicId()
                    : store.newTopic(label.get(t), runId).await().atMost(DB);
            changes[List.of("new", "grown", "shrunk", "stable").indexOf(m.change())]++;
            rows.add(new TopicStore.RunTopic(
                    ids[t],
                    label.get(t),
                    topic.keywords(),
                    representatives.get(t),
                    topic.size(),
                    unhappyCount[t],
                    before == null ? null : before.size(),
                    m.change(),
                    topic.centroid()));
        }
        for (int p : tracking.vanished()) {
            TopicStore.RunTopic gone = previous.get(p);
            rows.add(new TopicStore.RunTopic(
                    gone.topicId(),
                    gone.label(),
                    gone.keywords(),
                    gone.representatives(),
                    0,
                    0,
                    gone.size(),
                    "vanished",
                    gone.centroid()));
        }
        List<TopicStore.Assignment> assignments = new ArrayList<>(docs.size());
        for (int i = 0; i < docs.size(); i++) {
            int a = result.assignments()[i];
            assignments.add(new TopicStore.Assignment(docs.get(i).eventId(), a < 0 ? null : ids[a]));
        }
        List<TopicStore.Reason> reasons = Election.elect(
                        result.assignments(), unhappy, topics.size(), config.topReasons(), config.minReasonSize())
                .stream()
                .map(e -> new TopicStore.Reason(e.rank(), ids[e.topic()], label.get(e.topic()), e.unhappy(), e.share()))
                .toList();
        store.save(runId, rows, assignments, reasons).await().atMost(DB);
        int unhappyTotal =
                (int) IntStream.range(0, unhappy.length).filter(i -> unhappy[i]).count();
        return new TopicRunRepository.Outcome(
                topics.size(),
                (int) result.outliers(),
                unhappyTotal,
                changes[0],
                changes[1],
                changes[2],
                changes[3],
                tracking.vanished().size(),
                result.stageMillis().toString());
    }
}
