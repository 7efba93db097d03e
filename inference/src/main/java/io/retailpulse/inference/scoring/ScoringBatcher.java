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
 * inference worker, never on the event loop. Each caller's Uni completes with its own results, in its order.
 *
 * <p>When to run: as soon as {@code batching.max-texts} texts wait, or {@code batching.max-wait} after the first text
 * arrived at an idle worker. While a pass runs, new texts queue up, and when it ends they go next without waiting:
 * under load, batches grow by themselves; alone, a request waits at most {@code max-wait}. A request larger than
 * {@code max-texts} runs whole, on its own. Results do not depend on the batch-mates (fp32 padding is masked, int8
 * quantises per token: {@code PulseTextModelTest.batchingDoesNotChangeResults}, {@code ScoringBatcherTest}). If a
 * merged call fails, every request in it is scored again alone, so one request's bad text fails only that request.
 *
 * <p>One batch per worker task: the worker is shared with retraining and topic matching, which queue between batches.
 */
@ApplicationScoped
public class ScoringBatcher {
    private static final Logger LOG = Logger.getLogger(ScoringBatcher.class);

    private record Pending(List<String> texts, CompletableFuture<List<Scorer.Scored>> result) {}

    private final Scorer scorer;
    private final InferencePool pool;
    private final int maxTexts;
    private final long maxWaitNanos;
    private final ScheduledExecutorService timer;

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int queuedTexts;
    private boolean running;
    private ScheduledFuture<?> armed;

    @Inject
    public ScoringBatcher(Scorer scorer, InferencePool pool, NlpConfig config) {
        this(
                scorer,
                pool,
                config.batching().maxTexts(),
                config.batching().maxWait().toNanos());
    }

    /** Outside CDI (tests, benchmarks): {@link #close()} stops its timer thread. */
    public ScoringBatcher(Scorer scorer, InferencePool pool, int maxTexts, long maxWaitNanos) {
        this.scorer = scorer;
        this.pool = pool;
        this.maxTexts = Math.max(1, maxTexts);
        this.maxWaitNanos = Math.max(0, maxWaitNanos);
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
            Pending p = new Pending(List.copyOf(texts), new CompletableFuture<>());
            enqueue(p);
            return Uni.createFrom().completionStage(p.result());
        });
    }

    private synchronized void enqueue(Pending p) {
        queue.add(p);
        queuedTexts += p.texts().size();
        if (running) {
            return; // taken when the running pass ends
        }
        if (queuedTexts >= maxTexts || maxWaitNanos == 0) {
            start();
        } else if (armed == null) {
            armed = timer.schedule(this::timerFired, maxWaitNanos, TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void timerFired() {
        armed = null;
        if (!running && !queue.isEmpty()) {
            start();
        }
    }

    /** Called holding the lock, when not running and the queue is not empty. */
    private void start() {
        running = true;
        if (armed != null) {
            armed.cancel(false);
            armed = null;
        }
        try {
            pool.executor().execute(this::runOne);
        } catch (RuntimeException rejected) { // shut down
            running = false;
            failAll(rejected);
        }
    }

    /** One merged call on the worker, then the next one if texts are waiting. */
    private void runOne() {
        List<Pending> batch = take();
        try {
            run(batch);
        } finally {
            synchronized (this) {
                running = false;
                if (!queue.isEmpty()) {
                    start(); // they waited during this pass: no extra wait
                }
            }
        }
    }

    /** Whole requests, oldest first, up to {@code max-texts} texts (at least one request). */
    private synchronized List<Pending> take() {
        List<Pending> batch = new ArrayList<>();
        int n = 0;
        while (!queue.isEmpty() && (batch.isEmpty() || n + queue.peek().texts().size() <= maxTexts)) {
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
