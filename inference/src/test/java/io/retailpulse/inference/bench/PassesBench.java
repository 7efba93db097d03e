package io.retailpulse.inference.bench;

import io.retailpulse.inference.scoring.ActiveModel;
import io.retailpulse.inference.scoring.ScoringBatcher;
import io.retailpulse.inference.shared.InferencePool;
import io.retailpulse.nlp.ModelOptions;
import io.retailpulse.nlp.Precision;
import io.retailpulse.nlp.PulseTextModel;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's scoring path ({@link ScoringBatcher} → {@code Scorer} on the inference workers) with the two thread
 * plans side by side, in one process, the four engines (fp32 / int8 × plan) taking turns pass by pass so that they
 * all see the same machine load: one pass at a time with 2 ONNX Runtime threads (the setting before
 * {@code nlp.concurrent-passes}) against 2 concurrent passes of 1 thread (the default now). Clients as in
 * {@code RestBench}: requests of 64 texts from 2 clients, of 32 texts from 1 client, and single texts from 16 clients.
 * The REST layer adds nothing measurable to this path (REST ÷ in-process 0.9–1.2, inference/README.md), so the
 * ratios here are the service's ratios on a shared machine, where two services measured one after the other are not
 * comparable in texts/s.
 *
 * <p>{@code inference/bench/run.sh PassesBench [texts=256] [rounds=3]}.
 */
final class PassesBench {
    record Plan(String name, int threads, int passes) {}

    static final List<Plan> PLANS =
            List.of(new Plan("2 threads x 1 pass", 2, 1), new Plan("1 thread x 2 passes", 1, 2));

    record Load(String name, int batch, int clients) {}

    static final List<Load> LOADS = List.of(
            new Load("64 per request, 2 clients", 64, 2),
            new Load("32 per request, 1 client", 32, 1),
            new Load("single text, 16 clients", 1, 16));

    private PassesBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> texts = NlpBench.tweets(n);
        io.smallrye.mutiny.Uni.createFrom()
                .deferred(() -> io.smallrye.mutiny.Uni.createFrom().item(1))
                .await()
                .indefinitely();
        record Engine(String name, ActiveModel model, InferencePool pool, ScoringBatcher batcher) {}
        List<Engine> engines = new ArrayList<>();
        for (Precision p : Precision.values()) {
            for (Plan plan : PLANS) {
                ActiveModel m =
                        new ActiveModel(PulseTextModel.load(new ModelOptions(plan.threads(), null, 32, p, false)));
                InferencePool pool = new InferencePool(plan.passes());
                engines.add(new Engine(
                        p.label() + ", " + plan.name(),
                        m,
                        pool,
                        new ScoringBatcher(
                                new BatcherSweep.CountingScorer(m),
                                pool,
                                64,
                                TimeUnit.MILLISECONDS.toNanos(5),
                                plan.passes())));
            }
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        double load0 = os.getSystemLoadAverage();
        try {
            // warm-up
            for (Engine e : engines) {
                e.batcher().score(texts.subList(0, 64)).await().atMost(Duration.ofMinutes(5));
            }
            double[][][] rate = new double[LOADS.size()][engines.size()][rounds];
            double[][][] perCpu = new double[LOADS.size()][engines.size()][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int l = 0; l < LOADS.size(); l++) {
                    Load load = LOADS.get(l);
                    List<String> subset = load.batch() == 1 ? texts.subList(0, Math.max(64, texts.size() / 2)) : texts;
                    for (int j = 0; j < engines.size(); j++) {
                        int k = (j + r) % engines.size();
                        ScoringBatcher b = engines.get(k).batcher();
                        int calls = (subset.size() + load.batch() - 1) / load.batch();
                        AtomicInteger next = new AtomicInteger();
                        long cpu0 = os.getProcessCpuTime();
                        long t0 = System.nanoTime();
                        List<Future<?>> fs = new ArrayList<>();
                        for (int c = 0; c < load.clients(); c++) {
                            fs.add(clients.submit(() -> {
                                int i;
                                while ((i = next.getAndIncrement()) < calls) {
                                    b.score(subset.subList(
                                                    i * load.batch(), Math.min(subset.size(), (i + 1) * load.batch())))
                                            .await()
                                            .atMost(Duration.ofMinutes(5));
                                }
                                return null;
                            }));
                        }
                        for (Future<?> f : fs) {
                            f.get();
                        }
                        rate[l][k][r] = subset.size() / ((System.nanoTime() - t0) / 1e9);
                        perCpu[l][k][r] = subset.size() / ((os.getProcessCpuTime() - cpu0) / 1e9);
                    }
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "%nPassesBench: the scoring path (batcher, max-texts 64, max-wait 5 ms) with both thread plans, "
                            + "%d SemEval tweets, median of %d rounds, engines taking turns; load average %.1f at the "
                            + "start, %.1f at the end%n",
                    texts.size(),
                    rounds,
                    load0,
                    os.getSystemLoadAverage());
            System.out.println(
                    "load                        | engine                          | texts/s | texts per CPU-s");
            for (int l = 0; l < LOADS.size(); l++) {
                for (int k = 0; k < engines.size(); k++) {
                    System.out.printf(
                            Locale.ROOT,
                            "%-27s | %-31s | %7.1f | %15.1f%n",
                            LOADS.get(l).name(),
                            engines.get(k).name(),
                            ThreadSweep.median(rate[l][k]),
                            ThreadSweep.median(perCpu[l][k]));
                }
            }
            System.out.println();
            for (int l = 0; l < LOADS.size(); l++) {
                // engines: fp32 plan0, fp32 plan1, int8 plan0, int8 plan1 (Precision.values() order)
                System.out.printf(
                        Locale.ROOT,
                        "%-27s int8/fp32: %s %.2fx, %s %.2fx; 2 passes / 1 pass: fp32 %.2fx, int8 %.2fx%n",
                        LOADS.get(l).name(),
                        PLANS.get(0).name(),
                        ratio(rate[l][2], rate[l][0]),
                        PLANS.get(1).name(),
                        ratio(rate[l][3], rate[l][1]),
                        ratio(rate[l][1], rate[l][0]),
                        ratio(rate[l][3], rate[l][2]));
            }
        } finally {
            clients.shutdownNow();
            for (Engine e : engines) {
                e.batcher().close();
                e.pool().executor().shutdownNow();
                e.model().get().close();
            }
        }
    }

    /** Median of the per-round ratios (the engines of one round ran under the same load). */
    private static double ratio(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = a[i] / b[i];
        }
        return ThreadSweep.median(r);
    }
}
