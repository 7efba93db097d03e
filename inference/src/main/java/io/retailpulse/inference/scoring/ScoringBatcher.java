package io.retailpulse.inference.scoring;

import io.quarkus.runtime.ShutdownEvent;
import io.retailpulse.inference.config.NlpConfig;
import io.retailpulse.inference.shared.InferencePool;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Micro-batching across callers: REST requests ({@code /api/v1/sentiment}, {@code /entities}, their
 * {@code /batch}) and consumed {@code feedback.raw} polls hand their texts here, and one {@link Scorer#score} call
 * (one model call; inside it the texts are sorted by token length and padded per pass) serves all of them, on the
 * inference workers, never on the event loop. Each caller's Uni completes with its own results, in its order.
 *
 * <p>When to run: as soon as {@code batching.max-texts} texts wait, or {@code batching.max-wait} after the first text
 * arrived while a worker was idle. While passes run, new texts queue up, and when one ends they go next without
 * waiting: under load, batches grow by themselves; alone, a request waits at most {@code max-wait}. A request larger
 * than {@code max-texts} runs whole. Results do not depend on the batch-mates (fp32 padding is masked, int8 quantises
 * with static ranges: {@code PulseTextModelTest.batchingDoesNotChangeResults}, {@code ScoringBatcherTest}). If a
 * merged call fails, every request in it is scored again alone, so one request's bad text fails only that request.
 *
 * <p>Concurrent passes ({@code nlp.concurrent-passes}, default 2 with one ONNX Runtime thread each: measured, see
 * inference/README.md, Throughput): up to that many merged calls run at once on the same session. When a batch
 * closes, its texts are shared out over the idle workers; a request of at least {@value #MIN_PART} texts per pass is
 * cut into one part per pass, so a lone request still uses every core, and under load the parts merge again with
 * other requests' texts. One batch per worker task: the workers are shared with retraining and topic matching, which
 * queue between batches.
 */
@ApplicationScoped
public class ScoringBatcher {
    private static final Logger LOG = Logger.getLogger(ScoringBatcher.class);

    /**
     * Smallest part a request is cut into for concurrent passes: batch 8 ran about 95 % of batch 32's texts per
     * second (inference/README.md, NlpBench), below it the per-pass overhead grows.
     */
    static final int MIN_PART = 8;

    private record Pending(List<String> texts, CompletableFuture<List<Scorer.Scored>> result) {}

    private final Scorer scorer;
    private final InferencePool pool;
    private final int maxTexts;
    private final long maxWaitNanos;
    private final int passes;
    private final ScheduledExecutorService timer;

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int queuedTexts;
    private int running;
    private ScheduledFuture<?> armed;

    @Inject
    public ScoringBatcher(Scorer scorer, InferencePool pool, NlpConfig config) {
        this(
                scorer,
                pool,
                config.batching().maxTexts(),
                config.batching().maxWait().toNanos(),
                config.concurrentPasses());
    }

    /** One pass at a time, outside CDI (tests, benchmarks): {@link #close()} stops its timer thread. */
    public ScoringBatcher(Scorer scorer, InferencePool pool, int maxTexts, long maxWaitNanos) {
        this(scorer, pool, maxTexts, maxWaitNanos, 1);
    }

    /** Up to {@code passes} merged calls at once (the pool needs that many threads to run them together). */
    public ScoringBatcher(Scorer scorer, InferencePool pool, int maxTexts, long maxWaitNanos, int passes) {
        this.scorer = scorer;
        this.pool = pool;
        this.maxTexts = Math.max(1, maxTexts);
        this.maxWaitNanos = Math.max(0, maxWaitNanos);
        this.passes = Math.max(1, passes);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scoring-batcher-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Scores {@code texts} together with whatever other callers hand in meanwhile; results in the same order. */
    public Uni<List<Scorer.Scored>> score(List<String> texts) {
        if (texts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.createFrom().deferred(() -> {
            List<String> all = List.copyOf(texts);
            int parts = Math.max(1, Math.min(passes, all.size() / MIN_PART));
            if (parts == 1) {
                Pending p = new Pending(all, new CompletableFuture<>());
                enqueue(List.of(p));
                return Uni.createFrom().completionStage(p.result());
            }
            Integer[] order = byLength(all);
            List<Pending> pending = cut(all, order, parts);
            enqueue(pending);
            CompletableFuture<List<Scorer.Scored>> joined = CompletableFuture.allOf(
                            pending.stream().map(Pending::result).toArray(CompletableFuture[]::new))
                    .thenApply(x -> {
                        Scorer.Scored[] out = new Scorer.Scored[all.size()];
                        int k = 0;
                        for (Pending p : pending) {
                            for (Scorer.Scored r : p.result().join()) {
                                out[order[k++]] = r;
                            }
                        }
                        return List.of(out);
                    });
            return Uni.createFrom().completionStage(joined);
        });
    }

    /**
     * The texts' indices, shortest first: a request is cut by length, not by position, so each part pads to its own
     * longest text, as analyse's length bucketing would have done with the whole request (characters stand in for
     * tokens here).
     */
    private static Integer[] byLength(List<String> texts) {
        Integer[] order = new Integer[texts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i).length()));
        return order;
    }

    /** {@code parts} consecutive runs of {@code order}, as pending parts of one request. */
    private static List<Pending> cut(List<String> texts, Integer[] order, int parts) {
        int size = (texts.size() + parts - 1) / parts;
        List<Pending> pending = new ArrayList<>(parts);
        for (int from = 0; from < order.length; from += size) {
            List<String> part = new ArrayList<>();
            for (int i = from; i < Math.min(order.length, from + size); i++) {
                part.add(texts.get(order[i]));
            }
            pending.add(new Pending(List.copyOf(part), new CompletableFuture<>()));
        }
        return pending;
    }

    private synchronized void enqueue(List<Pending> parts) {
        for (Pending p : parts) {
            queue.add(p);
            queuedTexts += p.texts().size();
        }
        dispatch(queuedTexts >= maxTexts || maxWaitNanos == 0);
    }

    private synchronized void timerFired() {
        armed = null;
        dispatch(true);
    }

    /**
     * Called holding the lock. {@code go}: the batch is closed (full, waited long enough, or it queued during a
     * pass), so its texts are shared out over the idle workers; otherwise the wait for batch-mates starts.
     */
    private void dispatch(boolean go) {
        while (go && running < passes && !queue.isEmpty()) {
            start();
        }
        if (!queue.isEmpty() && running < passes && armed == null) {
            armed = timer.schedule(this::timerFired, maxWaitNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Called holding the lock, when a worker is free and the queue is not empty. */
    private void start() {
        if (armed != null) {
            armed.cancel(false);
            armed = null;
        }
        List<Pending> batch = take(passes - running);
        running++;
        try {
            pool.executor().execute(() -> runOne(batch));
        } catch (RuntimeException rejected) { // shut down
            running--;
            batch.forEach(p -> p.result().completeExceptionally(rejected));
            failAll(rejected);
        }
    }

    /** One merged call on a worker, then the next one if texts are waiting. */
    private void runOne(List<Pending> batch) {
        try {
            run(batch);
        } finally {
            synchronized (this) {
                running--;
                dispatch(true); // they waited during this pass: no extra wait
            }
        }
    }

    /**
     * Whole requests (or parts), oldest first, up to {@code max-texts} texts and at most an equal share of the queue
     * for each of the {@code free} workers (at least one request).
     */
    private List<Pending> take(int free) {
        int cap = Math.min(maxTexts, (queuedTexts + free - 1) / free);
        List<Pending> batch = new ArrayList<>();
        int n = 0;
        while (!queue.isEmpty() && (batch.isEmpty() || n + queue.peek().texts().size() <= cap)) {
            Pending p = queue.poll();
            n += p.texts().size();
            batch.add(p);
        }
        queuedTexts -= n;
        return batch;
    }

    private void run(List<Pending> batch) {
        if (batch.size() == 1) {
            runAlone(batch.get(0));
            return;
        }
        List<String> all = new ArrayList<>();
        batch.forEach(p -> all.addAll(p.texts()));
        List<Scorer.Scored> scored;
        try {
            scored = scorer.score(all);
        } catch (RuntimeException e) {
            LOG.debugf("a merged call of %d requests failed (%s), scoring them one by one", batch.size(), e);
            batch.forEach(this::runAlone);
            return;
        }
        int from = 0;
        for (Pending p : batch) {
            int to = from + p.texts().size();
            p.result().complete(List.copyOf(scored.subList(from, to)));
            from = to;
        }
    }

    private void runAlone(Pending p) {
        try {
            p.result().complete(scorer.score(p.texts()));
        } catch (RuntimeException e) {
            p.result().completeExceptionally(e);
        }
    }

    private void failAll(RuntimeException e) {
        while (!queue.isEmpty()) {
            queue.poll().result().completeExceptionally(e);
        }
        queuedTexts = 0;
    }

    void shutdown(@Observes ShutdownEvent event) {
        close();
    }

    public void close() {
        timer.shutdownNow();
    }
}
