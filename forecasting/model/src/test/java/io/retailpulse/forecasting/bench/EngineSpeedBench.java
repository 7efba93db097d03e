package io.retailpulse.forecasting.bench;

import io.retailpulse.forecasting.model.AutoForecaster;
import io.retailpulse.forecasting.model.FittedModel;
import io.retailpulse.forecasting.model.Frame;
import io.retailpulse.forecasting.model.Frequency;
import io.retailpulse.forecasting.model.ModelOptions;
import io.retailpulse.forecasting.model.Prophet;
import io.retailpulse.forecasting.model.SeriesModel;
import io.retailpulse.forecasting.model.SharedData;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Not a test: thread CPU time (one core) of {@code auto} (every family, cross-validation included, fit + predict
 * with intervals) on a 730-day daily store-item series and on a 2,000-point weekly series, beside the
 * Prophet-like fit + predict of the same series and the former auto rule ({@code reselectingFormsPerFold()}: every ETS
 * form on every fold, cold starts) in the same run, with the ratios. Median of 31 runs ({@code -Dbench.runs}) after 3 s of warm-up CPU
 * ({@code -Dbench.warmupSeconds}; at least 20 calls).
 * Run: {@code forecasting/model/bench/run.sh EngineSpeedBench}.
 */
public final class EngineSpeedBench {

    private static final double WARMUP_SECONDS = Double.parseDouble(System.getProperty("bench.warmupSeconds", "3"));
    private static final int RUNS = Integer.getInteger("bench.runs", 31);

    private EngineSpeedBench() {}

    public static void main(String[] args) {
        double[] all = SharedData.storeItemDemand().values().iterator().next();
        double[] daily = Arrays.copyOfRange(all, all.length - 730, all.length);
        Random r = new Random(1);
        double[] weekly = new double[2000];
        double level = 1000;
        for (int t = 0; t < weekly.length; t++) {
            level += r.nextGaussian() * 5;
            weekly[t] = level + 100 * Math.sin(2 * Math.PI * t / 52.18) + r.nextGaussian() * 20;
        }
        row("daily, 730 days, h=30", daily, Frequency.DAILY, 30, LocalDate.of(2016, 1, 1), 1);
        row("weekly, 2000 weeks, h=13", weekly, Frequency.WEEKLY, 13, LocalDate.of(1980, 1, 4), 7);
        // not a target: the whole 5-year store-item series, where MSTL and the Prophet-like model (yearly cycle) are
        // candidates too
        row("daily, 1826 days, h=90", all, Frequency.DAILY, 90, LocalDate.of(2013, 1, 1), 1);
    }

    private static void row(String name, double[] y, Frequency freq, int h, LocalDate start, int stepDays) {
        int period = freq.period();
        // as the API runs it: with MSTL (7 and 365.25) as a candidate for daily data
        double auto = medianMs(
                () -> AutoForecaster.forFrequency(h, freq).fit(y, period).predict(h, 0.8));
        // the baseline in the same run: the former rule (every ETS form on every fold, cold starts)
        double before = medianMs(() -> AutoForecaster.forFrequency(h, freq)
                .reselectingFormsPerFold()
                .fit(y, period)
                .predict(h, 0.8));
        List<LocalDate> ds = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            ds.add(start.plusDays((long) i * stepDays));
        }
        Frame history = Frame.ofDates(ds, y);
        double prophet = medianMs(() -> {
            FittedModel m = new Prophet(ModelOptions.builder().build()).fit(history);
            return m.predict(m.makeFutureFrame(h, history.ds(), false));
        });
        SeriesModel.FittedSeries f = AutoForecaster.forFrequency(h, freq).fit(y, period);
        System.out.printf(
                Locale.ROOT,
                "%-26s auto %8.2f ms CPU   former auto %8.2f ms (ratio %.2f)   prophet-like"
                        + " %8.2f ms CPU (ratio %.2f)   (auto used %s)%n",
                name,
                auto,
                before,
                auto / before,
                prophet,
                auto / prophet,
                f.describe());
    }

    private static double medianMs(Supplier<Object> work) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        // steady state, as a long-running service sees it: warm up for WARMUP_SECONDS of this thread's CPU (at least
        // 20 calls) so that the JIT has compiled the path; 5 calls left a 730-day auto fit partly interpreted
        long warmEnd = bean.getCurrentThreadCpuTime() + (long) (WARMUP_SECONDS * 1e9);
        for (int i = 0; i < 20 || bean.getCurrentThreadCpuTime() < warmEnd; i++) {
            work.get();
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < ms.length; i++) {
            long t0 = bean.getCurrentThreadCpuTime();
            work.get();
            ms[i] = (bean.getCurrentThreadCpuTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }
}
