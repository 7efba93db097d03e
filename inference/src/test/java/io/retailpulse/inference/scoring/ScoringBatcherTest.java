package io.retailpulse.inference.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.retailpulse.inference.catalog.Gazetteer;
import io.retailpulse.inference.shared.InferencePool;
import io.retailpulse.nlp.ModelOptions;
import io.retailpulse.nlp.PulseTextModel;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Micro-batching across callers on the real pulse-text model: merged calls, each caller's own results. */
class ScoringBatcherTest {
    private static final List<List<String>> REQUESTS = List.of(
            List.of("The oat milk at the Lyon store was expired again, really disappointed."),
            List.of("Great service today!", "Checkout queue took 40 minutes at Main Street."),
            List.of("ok"),
            List.of(
                    "Tesco in Manchester had no bread left at 9am",
                    "Love the new bakery section #happy",
                    "Staff at the self-checkout were rude and unhelpful, never again"),
            List.of("Paid twice for the same basket and nobody answers my emails about the refund."));

    private static ActiveModel active;
    private static InferencePool pool;

    /** Counts model calls and fails any call holding "BOOM", like a model that throws on one text. */
    static class CountingScorer extends Scorer {
        final List<Integer> calls = new CopyOnWriteArrayList<>();

        CountingScorer() {
            super(active, new Gazetteer(5), new ScoringMetrics(new SimpleMeterRegistry()));
        }

        @Override
        public List<Scored> score(List<String> texts) {
            calls.add(texts.size());
            if (texts.contains("BOOM")) {
                throw new IllegalStateException("model failed");
            }
            return super.score(texts);
        }
    }

    @BeforeAll
    static void load() {
        active = new ActiveModel(PulseTextModel.load(new ModelOptions(2, null, 32)));
        pool = new InferencePool();
    }

    @AfterAll
    static void close() {
        pool.executor().shutdownNow();
        active.close();
    }

    @Test
    void concurrentRequestsShareOneModelCallAndEachGetsItsOwnResultsAsIfScoredAlone() {
        CountingScorer scorer = new CountingScorer();
        ScoringBatcher batcher = new ScoringBatcher(scorer, pool, 64, TimeUnit.MILLISECONDS.toNanos(500));
        List<Uni<List<Scorer.Scored>>> pending = new ArrayList<>();
        for (List<String> r : REQUESTS) {
            pending.add(batcher.score(r).memoize().indefinitely());
        }
        pending.forEach(u -> u.subscribe().with(x -> {})); // all submitted before the first pass starts
        List<List<Scorer.Scored>> merged = pending.stream()
                .map(u -> u.await().atMost(Duration.ofMinutes(1)))
                .toList();
        assertEquals(List.of(8), scorer.calls, "the five requests (8 texts) in one model call");

        for (int r = 0; r < REQUESTS.size(); r++) {
            List<Scorer.Scored> alone = scorer.score(REQUESTS.get(r));
            assertEquals(alone.size(), merged.get(r).size());
            for (int i = 0; i < alone.size(); i++) {
                Scorer.Scored a = alone.get(i);
                Scorer.Scored b = merged.get(r).get(i);
                assertEquals(a.label(), b.label(), REQUESTS.get(r).get(i));
                assertArrayEquals(
                        a.probabilities(),
                        b.probabilities(),
                        1e-4f,
                        REQUESTS.get(r).get(i));
                assertEquals(
                        a.entities().stream()
                                .map(e -> e.type() + ":" + e.text())
                                .toList(),
                        b.entities().stream()
                                .map(e -> e.type() + ":" + e.text())
                                .toList());
            }
        }
    }

    @Test
    void aFullBatchStartsAtOnceAndALargerRequestRunsWhole() {
        CountingScorer scorer = new CountingScorer();
        // a wait far beyond the test's patience: only max-texts can start these calls
        ScoringBatcher batcher = new ScoringBatcher(scorer, pool, 3, TimeUnit.MINUTES.toNanos(10));
        List<String> five = List.of("a", "b", "c", "d", "e");
        assertEquals(
                5, batcher.score(five).await().atMost(Duration.ofMinutes(1)).size());
        assertEquals(List.of(5), scorer.calls);
    }

    @Test
    void aRequestTheModelFailsOnFailsAloneAndItsBatchMatesAreScored() {
        CountingScorer scorer = new CountingScorer();
        ScoringBatcher batcher = new ScoringBatcher(scorer, pool, 64, TimeUnit.MILLISECONDS.toNanos(500));
        Uni<List<Scorer.Scored>> good =
                batcher.score(List.of("Great service today!")).memoize().indefinitely();
        Uni<List<Scorer.Scored>> bad =
                batcher.score(List.of("fine", "BOOM")).memoize().indefinitely();
        good.subscribe().with(x -> {}, e -> {});
        bad.subscribe().with(x -> {}, e -> {});
        assertEquals(
                "positive", good.await().atMost(Duration.ofMinutes(1)).get(0).label());
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> bad.await().atMost(Duration.ofMinutes(1)));
        assertEquals("model failed", e.getMessage());
        assertEquals(3, scorer.calls.size(), "one merged call, then each request alone: " + scorer.calls);
    }

    @Test
    void aLoneRequestWaitsAtMostMaxWait() {
        CountingScorer scorer = new CountingScorer();
        ScoringBatcher batcher = new ScoringBatcher(scorer, pool, 64, TimeUnit.MILLISECONDS.toNanos(20));
        long t0 = System.nanoTime();
        batcher.score(List.of("ok")).await().atMost(Duration.ofMinutes(1));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(20), "it waited for batch-mates");
        assertEquals(List.of(1), scorer.calls);
    }

    @Test
    void withTwoPassesALoneRequestIsCutInTwoPartsThatRunAtOnceAndComeBackInOrder() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            texts.add(REQUESTS.get(i % REQUESTS.size()).get(0) + " #" + i);
        }
        java.util.concurrent.CountDownLatch bothIn = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.atomic.AtomicInteger atOnce = new java.util.concurrent.atomic.AtomicInteger();
        CountingScorer scorer = new CountingScorer() {
            @Override
            public List<Scored> score(List<String> batch) {
                bothIn.countDown();
                try {
                    // a pass waits (bounded) for the other: only concurrent passes meet here
                    if (bothIn.await(30, TimeUnit.SECONDS)) {
                        atOnce.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.score(batch);
            }
        };
        InferencePool two = new InferencePool(2);
        // max-wait 0: the batch closes at once and its 20 texts are shared out over the two idle workers
        ScoringBatcher batcher = new ScoringBatcher(scorer, two, 64, 0, 2);
        try {
            List<Scorer.Scored> got = batcher.score(texts).await().atMost(Duration.ofMinutes(1));
            assertEquals(List.of(10, 10), scorer.calls, "one part of 10 texts per pass");
            assertEquals(2, atOnce.get(), "both parts ran at the same time");
            List<Scorer.Scored> alone = active.use(m -> new CountingScorer().score(texts));
            assertEquals(texts.size(), got.size());
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(alone.get(i).label(), got.get(i).label(), texts.get(i));
                assertArrayEquals(alone.get(i).probabilities(), got.get(i).probabilities(), 1e-4f, texts.get(i));
            }
        } finally {
            batcher.close();
            two.executor().shutdownNow();
        }
    }

    @Test
    void aSwapDuringAPassClosesTheOldVersionOnlyWhenThePassEnds() throws Exception {
        ActiveModel own =
                new ActiveModel(active.get().withSentimentHead(active.get().sentimentHead(), "t-1"));
        java.util.concurrent.CountDownLatch inPass = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch swapped = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService exec = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<String> pass = exec.submit(() -> own.use(m -> {
                inPass.countDown();
                try {
                    swapped.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // the version this pass started with must still run after the swap
                return m.version() + ":"
                        + m.analyse(List.of("Great service today!")).get(0).sentiment().length;
            }));
            assertTrue(inPass.await(30, TimeUnit.SECONDS));
            own.replace(m -> m.withSentimentHead(m.sentimentHead(), "t-2"));
            assertEquals("t-2", own.get().version());
            swapped.countDown();
            assertEquals("t-1:3", pass.get(1, TimeUnit.MINUTES));
            assertEquals(
                    Integer.valueOf(3),
                    own.use(m -> m.analyse(List.of("ok")).get(0).sentiment().length));
            own.replace(m -> m); // the same version: nothing swapped, nothing closed
            assertEquals("t-2", own.get().version());
        } finally {
            exec.shutdownNow();
            own.get().close(); // not close(): the tokenizer is shared with the class's model
        }
    }
}
