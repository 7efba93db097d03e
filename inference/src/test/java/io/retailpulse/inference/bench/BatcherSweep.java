package io.retailpulse.inference.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.retailpulse.inference.catalog.Gazetteer;
import io.retailpulse.inference.scoring.ActiveModel;
import io.retailpulse.inference.scoring.Scorer;
import io.retailpulse.inference.scoring.ScoringBatcher;
import io.retailpulse.inference.scoring.ScoringMetrics;
import io.retailpulse.inference.shared.InferencePool;
import io.retailpulse.nlp.ModelOptions;
import io.retailpulse.nlp.Precision;
import io.retailpulse.nlp.PulseTextModel;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The micro-batcher's wait, measured: 16 concurrent callers of one text each (like single-text REST calls) through the
 * service's {@link Scorer} on one inference worker, each call alone (no batcher, as before issue 20) or through a
 * {@link ScoringBatcher} with max-wait 0, 5 and 20 ms; texts/s and p50/p99 latency per call.
 */
final class BatcherSweep {
    static final long[] WAITS_MS = {-1, 0, 5, 20};
    static final int CALLERS = 16;

    private BatcherSweep() {}

    /** {@code inference/bench/run.sh BatcherSweep [texts=64] [rounds=3]}: this section alone, served thread settings. */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<PulseTextModel> models = new ArrayList<>();
        for (Precision p : Precision.values()) {
            models.add(PulseTextModel.load(new ModelOptions(2, null, 32, p, false)));
        }
        run(models, NlpBench.tweets(n), rounds);
        for (PulseTextModel m : models) {
            m.close();
        }
    }

    static void run(List<PulseTextModel> models, List<String> texts, int rounds) throws Exception {
        // Mutiny's context propagation initialises itself lazily and not thread-safely outside Quarkus: once, here
        io.smallrye.mutiny.Uni.createFrom()
                .deferred(() -> io.smallrye.mutiny.Uni.createFrom().item(1))
                .await()
                .indefinitely();
        System.out.printf(
                Locale.ROOT,
                "%nMicro-batcher: %d concurrent callers of 1 text, %d texts, median of %d rounds, "
                        + "load average %.1f%n",
                CALLERS,
                texts.size(),
                rounds,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("precision | max-wait       | texts/s | p50 ms/call | p99 ms/call | texts per model call");
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        InferencePool pool = new InferencePool();
        try {
            for (PulseTextModel model : models) {
                // not closed here: the model belongs to NlpBench
                CountingScorer scorer = new CountingScorer(new ActiveModel(model));
                double[][] rate = new double[WAITS_MS.length][rounds];
                double[][] p50 = new double[WAITS_MS.length][rounds];
                double[][] p99 = new double[WAITS_MS.length][rounds];
                double[][] perCall = new double[WAITS_MS.length][rounds];
                for (int r = 0; r < rounds; r++) {
                    for (int j = 0; j < WAITS_MS.length; j++) {
                        int k = (j + r) % WAITS_MS.length;
                        ScoringBatcher batcher = WAITS_MS[k] < 0
                                ? null
                                : new ScoringBatcher(scorer, pool, 64, TimeUnit.MILLISECONDS.toNanos(WAITS_MS[k]));
                        double[] millis = new double[texts.size()];
                        AtomicInteger next = new AtomicInteger();
                        scorer.calls.set(0);
                        long t0 = System.nanoTime();
                        List<Future<?>> fs = new ArrayList<>();
                        for (int c = 0; c < CALLERS; c++) {
                            fs.add(callers.submit(() -> {
                                int i;
                                while ((i = next.getAndIncrement()) < texts.size()) {
                                    List<String> one = List.of(texts.get(i));
                                    long s = System.nanoTime();
                                    if (batcher == null) {
                                        pool.executor()
                                                .submit(() -> scorer.score(one))
                                                .get();
                                    } else {
                                        batcher.score(one).await().atMost(Duration.ofMinutes(5));
                                    }
                                    millis[i] = (System.nanoTime() - s) / 1e6;
                                }
                                return null;
                            }));
                        }
                        for (Future<?> f : fs) {
                            f.get();
                        }
                        rate[k][r] = texts.size() / ((System.nanoTime() - t0) / 1e9);
                        Arrays.sort(millis);
                        p50[k][r] = millis[millis.length / 2];
                        p99[k][r] = millis[Math.min(millis.length - 1, (int) Math.ceil(0.99 * millis.length) - 1)];
                        perCall[k][r] = (double) texts.size() / scorer.calls.get();
                        if (batcher != null) {
                            batcher.close();
                        }
                    }
                }
                for (int k = 0; k < WAITS_MS.length; k++) {
                    System.out.printf(
                            Locale.ROOT,
                            "%-9s | %-14s | %7.1f | %11.1f | %11.1f | %20.1f%n",
                            model.precision().label(),
                            WAITS_MS[k] < 0 ? "no batcher" : WAITS_MS[k] + " ms",
                            ThreadSweep.median(rate[k]),
                            ThreadSweep.median(p50[k]),
                            ThreadSweep.median(p99[k]),
                            ThreadSweep.median(perCall[k]));
                }
            }
        } finally {
            callers.shutdownNow();
            pool.executor().shutdownNow();
        }
    }

    static final class CountingScorer extends Scorer {
        final AtomicInteger calls = new AtomicInteger();

        CountingScorer(ActiveModel active) {
            super(active, new Gazetteer(5), new ScoringMetrics(new SimpleMeterRegistry()));
        }

        @Override
        public List<Scored> score(List<String> texts) {
            calls.incrementAndGet();
            return super.score(texts);
        }
    }
}
