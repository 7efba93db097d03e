package io.retailpulse.forecasting.bench;

import io.retailpulse.forecasting.model.FittedModel;
import io.retailpulse.forecasting.model.Forecast;
import io.retailpulse.forecasting.model.Frame;
import io.retailpulse.forecasting.model.ModelOptions;
import io.retailpulse.forecasting.model.PooledSeasonality;
import io.retailpulse.forecasting.model.Prophet;
import io.retailpulse.forecasting.model.SharedData;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Not a test: fit + 30-day predict with 80% intervals (1000 samples) per store-item series, on one core and on
 * two, beside a seasonal-naive pass (last week repeated, intervals from its in-sample errors) in the same run.
 * Run: {@code forecasting/model/bench/run.sh} (test-compiles, then starts a plain JVM on the test classpath).
 */
public final class ForecastBench {
    private static Logger LOG;
    private static final int HORIZON = 30;

    private ForecastBench() {}

    public static void main(String[] args) throws Exception {
        // log4j-core (via Kafka) is on the test classpath and would swallow INFO: log through java.util.logging.
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "jdk");
        }
        LOG = Logger.getLogger(ForecastBench.class);
        LOG.infof(
                "cores available: %d, load average %.2f",
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());
        List<double[]> series = new ArrayList<>(SharedData.storeItemDemand().values());
        List<LocalDate> dates = new ArrayList<>();
        for (int d = 0; d < series.get(0).length; d++) {
            dates.add(SharedData.storeItemOrigin().plusDays(d));
        }
        List<Frame> frames = series.stream().map(s -> Frame.ofDates(dates, s)).toList();
        ModelOptions retail = ModelOptions.retailDaily().build();
        ModelOptions defaults = ModelOptions.defaults();
        Function<Frame, Object> naive = ForecastBench::seasonalNaive;
        // Warm-up so the JIT has compiled the hot loops before anything is timed.
        for (int rep = 0; rep < 2; rep++) {
            frames.subList(0, 150).forEach(f -> fitPredict(f, retail));
            frames.subList(0, 150).forEach(naive::apply);
        }
        double[] naiveMs = timeEach(frames, naive);
        report("seasonal naive", naiveMs, naiveMs);
        double[] retailMs = timeEach(frames, f -> fitPredict(f, retail));
        report("model, retail options", retailMs, naiveMs);
        double[] defaultMs = timeEach(frames, f -> fitPredict(f, defaults));
        report("model, Prophet defaults", defaultMs, naiveMs);

        ForkJoinPool two = new ForkJoinPool(2);
        try {
            long t0 = System.nanoTime();
            two.submit(() -> frames.parallelStream().forEach(f -> fitPredict(f, retail)))
                    .get();
            long modelWall = System.nanoTime() - t0;
            t0 = System.nanoTime();
            two.submit(() -> frames.parallelStream().forEach(naive::apply)).get();
            long naiveWall = System.nanoTime() - t0;
            t0 = System.nanoTime();
            two.submit(() -> PooledSeasonality.fitGroup(
                                    frames, Function.identity(), retail, List.of("yearly", "weekly"), 0.001)
                            .forEach(m -> predict(m)))
                    .get();
            long pooledWall = System.nanoTime() - t0;
            LOG.infof(
                    "load average %.2f",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
            LOG.infof(
                    "all %d series on 2 cores (wall): model %.0f ms, pooled model (two passes) %.0f ms, seasonal naive "
                            + "%.1f ms; ratio model/naive %.0fx",
                    frames.size(), modelWall / 1e6, pooledWall / 1e6, naiveWall / 1e6, (double) modelWall / naiveWall);
        } finally {
            two.shutdown();
        }
    }

    private static Object fitPredict(Frame f, ModelOptions options) {
        return predict(new Prophet(options).fit(f));
    }

    private static Forecast predict(FittedModel m) {
        return m.predict(m.makeFutureFrame(HORIZON, new LocalDateTime[0], false));
    }

    /** Last week repeated; 80% band from the 10th/90th percentile of in-sample week-over-week errors. */
    static double[][] seasonalNaive(Frame f) {
        double[] y = f.y();
        int n = y.length;
        double[] errors = new double[n - 7];
        for (int i = 7; i < n; i++) {
            errors[i - 7] = y[i] - y[i - 7];
        }
        Arrays.sort(errors);
        double lo = errors[(int) (0.1 * (errors.length - 1))];
        double hi = errors[(int) (0.9 * (errors.length - 1))];
        double[][] out = new double[3][HORIZON];
        for (int h = 0; h < HORIZON; h++) {
            double point = y[n - 7 + (h % 7)];
            out[0][h] = point;
            out[1][h] = point + lo;
            out[2][h] = point + hi;
        }
        return out;
    }

    /** Per-series thread CPU time: on a machine shared with other work, wall time mostly measures the others. */
    private static double[] timeEach(List<Frame> frames, Function<Frame, Object> work) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] ms = new double[frames.size()];
        long wall0 = System.nanoTime();
        for (int i = 0; i < frames.size(); i++) {
            long t0 = threads.getCurrentThreadCpuTime();
            work.apply(frames.get(i));
            ms[i] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
        }
        lastWallMs = (System.nanoTime() - wall0) / 1e6;
        return ms;
    }

    private static double lastWallMs;

    private static void report(String what, double[] ms, double[] naive) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        double p95 = sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
        double[] n = naive.clone();
        Arrays.sort(n);
        LOG.infof(
                "%-26s one thread, %d series, CPU time: median %.3f ms, p95 %.3f ms, total %.0f ms (wall %.0f ms); "
                        + "median %.0fx seasonal naive",
                what, ms.length, median, p95, Arrays.stream(ms).sum(), lastWallMs, median / n[n.length / 2]);
    }
}
