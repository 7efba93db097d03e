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
    static final class CountingScorer extends Scorer {
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
}
