package io.retailpulse.forecasting.scaleout;

import io.retailpulse.forecasting.aggregation.DailySeries;
import io.retailpulse.forecasting.aggregation.SeriesKey;
import io.retailpulse.forecasting.model.FittedModel;
import io.retailpulse.forecasting.model.Frame;
import io.retailpulse.forecasting.model.Prophet;
import io.retailpulse.forecasting.model.SharedData;
import io.retailpulse.forecasting.runs.ModelSettings;
import io.retailpulse.forecasting.runs.PairForecaster;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Not part of the suite (neither *Test nor *IT): the CPU time (this thread's, so independent of the machine's load) of a forecast run's
 * per-series work on the 500 store-item series' last 730 days, with the service's defaults, and its phases (the
 * backtest fit and forecast, the final fit and forecast). Run: {@code forecasting/bench/run.sh RunCostBench}
 * ({@code -Dbench.rounds=3}).
 */
public final class RunCostBench {
    private static final int DAYS = 730;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    @org.junit.jupiter.api.Test
    void cpuTimePerSeriesOfARunsWork() {
        main(new String[0]);
    }

    public static void main(String[] args) {
        int rounds = Integer.getInteger("bench.rounds", 3);
        Map<String, double[]> data = SharedData.storeItemDemand();
        LocalDate origin = SharedData.storeItemOrigin();
        List<DailySeries> sample = new ArrayList<>();
        for (var e : data.entrySet()) {
            double[] v = e.getValue();
            double[] last = Arrays.copyOfRange(v, v.length - DAYS, v.length);
            sample.add(new DailySeries(new SeriesKey("S", e.getKey()), origin.plusDays(v.length - DAYS), last));
        }
        ModelSettings settings = new ModelSettings(RunScaleBench.defaults());
        PairForecaster forecaster = new PairForecaster(settings);
        for (DailySeries s : sample) { // warm-up: every series once
            forecaster.forecast(s);
        }
        for (int r = 0; r < rounds; r++) {
            long t = CPU.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            double smape = 0;
            for (DailySeries s : sample) {
                smape += forecaster.forecast(s).model().smape();
            }
            double pair = (CPU.getCurrentThreadCpuTime() - t) / 1e6 / sample.size();
            double pairWall = (System.nanoTime() - wall) / 1e6 / sample.size();
            double[] phases = phases(sample, settings);
            System.out.printf(
                    java.util.Locale.ROOT,
                    "run work per series %.2f ms CPU, %.2f ms wall (backtest smape mean %.4f); phases: backtest fit %.2f, "
                            + "backtest forecast %.2f, final fit %.2f warm-started (%.2f cold, as before), "
                            + "final forecast %.2f ms CPU%n",
                    pair,
                    pairWall,
                    smape / sample.size(),
                    phases[0],
                    phases[1],
                    phases[2],
                    phases[4],
                    phases[3]);
        }
    }

    /**
     * The phases of PairForecaster's Prophet path, timed apart (the same calls, without the bookkeeping; the final
     * fit warm-started from the backtest's).
     */
    private static double[] phases(List<DailySeries> sample, ModelSettings settings) {
        long[] ns = new long[5];
        int test = settings.backtestDays();
        for (DailySeries s : sample) {
            double[] train = Arrays.copyOf(s.units(), s.days() - test);
            List<LocalDate> dates = s.dates();
            long t0 = CPU.getCurrentThreadCpuTime();
            FittedModel b = new Prophet(settings.forSeries(s.first(), dates.get(train.length - 1)))
                    .fit(Frame.ofDates(dates.subList(0, train.length), train));
            long t1 = CPU.getCurrentThreadCpuTime();
            b.predict(b.makeFutureFrame(test, new LocalDateTime[0], false));
            long t2 = CPU.getCurrentThreadCpuTime();
            FittedModel f =
                    new Prophet(settings.forSeries(s.first(), s.last())).fit(Frame.ofDates(dates, s.units()), b);
            long t3 = CPU.getCurrentThreadCpuTime();
            f.predict(f.makeFutureFrame(settings.horizonDays(), new LocalDateTime[0], false));
            long t4 = CPU.getCurrentThreadCpuTime();
            new Prophet(settings.forSeries(s.first(), s.last())).fit(Frame.ofDates(dates, s.units()));
            ns[4] += CPU.getCurrentThreadCpuTime() - t4;
            ns[0] += t1 - t0;
            ns[1] += t2 - t1;
            ns[2] += t3 - t2;
            ns[3] += t4 - t3;
        }
        double[] ms = new double[5];
        for (int i = 0; i < 5; i++) {
            ms[i] = ns[i] / 1e6 / sample.size();
        }
        return ms;
    }
}
