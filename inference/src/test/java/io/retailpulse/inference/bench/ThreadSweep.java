package io.retailpulse.inference.bench;

import io.retailpulse.nlp.BaseEncoder;
import io.retailpulse.nlp.Featurizer;
import io.retailpulse.nlp.PulseTextModel;
import io.retailpulse.nlp.eval.BareSession;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ONNX Runtime thread settings, measured instead of guessed: the served graph of each precision in bare sessions with
 * intra-op threads 1 or 2, called by 1 or 2 threads at once (concurrent runs on one session), and the parallel
 * execution mode with 2 inter-op threads, and intra-op threads that sleep instead of spinning when idle; batch 32
 * and batch 1, the settings taking turns pass by pass.
 */
final class ThreadSweep {
    record Setting(String name, int intra, int inter, int callers, boolean spinning) {
        Setting(String name, int intra, int inter, int callers) {
            this(name, intra, inter, callers, true);
        }
    }

    static final List<Setting> SETTINGS = List.of(
            new Setting("intra 1, 1 caller", 1, 1, 1),
            new Setting("intra 2, 1 caller (served)", 2, 1, 1),
            new Setting("intra 1, 2 callers", 1, 1, 2),
            new Setting("intra 2, 2 callers", 2, 1, 2),
            new Setting("intra 1, inter 2 parallel, 1 caller", 1, 2, 1),
            new Setting("intra 2, no spinning, 1 caller", 2, 1, 1, false),
            new Setting("intra 1, no spinning, 2 callers", 1, 1, 2, false),
            new Setting("intra 2, no spinning, 2 callers", 2, 1, 2, false));

    private ThreadSweep() {}

    /** The sweep alone: {@code inference/bench/run.sh ThreadSweep [texts] [rounds]}, both precisions. */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> texts = NlpBench.tweets(n);
        List<PulseTextModel> models = new ArrayList<>();
        for (io.retailpulse.nlp.Precision p : io.retailpulse.nlp.Precision.values()) {
            models.add(PulseTextModel.load(new io.retailpulse.nlp.ModelOptions(2, null, 32).withPrecision(p)));
        }
        try {
            run(models, texts, rounds);
        } finally {
            for (PulseTextModel m : models) {
                m.close();
            }
        }
    }

    static void run(List<PulseTextModel> models, List<String> texts, int rounds) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ExecutorService callers = Executors.newFixedThreadPool(2);
        System.out.printf(
                Locale.ROOT,
                "%nThread settings (bare ORT sessions on the served graphs, %d texts, median of %d "
                        + "rounds, load average %.1f)%n",
                texts.size(),
                rounds,
                os.getSystemLoadAverage());
        System.out.println("precision | batch | setting                              | texts/s | texts per CPU-s");
        try {
            for (PulseTextModel model : models) {
                List<BareSession> sessions = new ArrayList<>();
                for (Setting s : SETTINGS) {
                    sessions.add(new BareSession(
                            model.onnxModel(),
                            s.intra(),
                            s.inter(),
                            s.spinning(),
                            new Featurizer(model.maxTokens(), BaseEncoder.Base.served())));
                }
                for (int batch : Boolean.getBoolean("bench.threadsBatch1") ? new int[] {32, 1} : new int[] {32}) {
                    List<String> subset = batch == 1 ? texts.subList(0, Math.max(32, texts.size() / 4)) : texts;
                    double[][] rate = new double[SETTINGS.size()][rounds];
                    double[][] perCpu = new double[SETTINGS.size()][rounds];
                    for (int r = 0; r < rounds; r++) {
                        for (int j = 0; j < SETTINGS.size(); j++) {
                            int k = (j + r) % SETTINGS.size();
                            Setting s = SETTINGS.get(k);
                            BareSession session = sessions.get(k);
                            int calls = (subset.size() + batch - 1) / batch;
                            AtomicInteger next = new AtomicInteger();
                            long cpu0 = os.getProcessCpuTime();
                            long t0 = System.nanoTime();
                            List<Future<?>> fs = new ArrayList<>();
                            for (int c = 0; c < s.callers(); c++) {
                                fs.add(callers.submit(() -> {
                                    int i;
                                    while ((i = next.getAndIncrement()) < calls) {
                                        session.run(
                                                subset.subList(i * batch, Math.min(subset.size(), (i + 1) * batch)));
                                    }
                                }));
                            }
                            for (Future<?> f : fs) {
                                f.get();
                            }
                            double sec = (System.nanoTime() - t0) / 1e9;
                            rate[k][r] = subset.size() / sec;
                            perCpu[k][r] = subset.size() / ((os.getProcessCpuTime() - cpu0) / 1e9);
                        }
                    }
                    for (int k = 0; k < SETTINGS.size(); k++) {
                        System.out.printf(
                                Locale.ROOT,
                                "%-9s | %5d | %-36s | %7.1f | %15.1f%n",
                                model.precision().label(),
                                batch,
                                SETTINGS.get(k).name(),
                                median(rate[k]),
                                median(perCpu[k]));
                    }
                }
                for (BareSession s : sessions) {
                    s.close();
                }
            }
        } finally {
            callers.shutdownNow();
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }
}
