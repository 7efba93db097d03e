package io.retailpulse.forecasting.bench;

import io.retailpulse.forecasting.model.AutoForecaster;
import io.retailpulse.forecasting.model.Naive;
import io.retailpulse.forecasting.model.SeriesForecast;
import io.retailpulse.forecasting.model.SharedData;
import java.util.Arrays;
import java.util.Locale;

/**
 * Not a test: {@code auto} on bike sharing's hourly counts at several forecast origins, not only EngineBench's one
 * test fortnight (18–31 December 2012, around Christmas): the official origin and then every four weeks back
 * ({@code -Dorigins=12} by default), each a 336-hour forecast from the hours before it, scored by sMAPE, MASE
 * (168-hour naive scale of the training part), MAE and 80 % / 95 % coverage, beside seasonal naive (24 h) at the
 * same origins. One series, but twelve fortnights across the seasons: the development check that a rule for hourly
 * data is not fitted to one fortnight. Run: {@code forecasting/model/bench/run.sh BikeRollingBench}.
 */
public final class BikeRollingBench {

    private BikeRollingBench() {}

    public static void main(String[] args) {
        EngineBench.Series s0 =
                EngineBench.readBike(SharedData.root().resolve("forecasting/bike-sharing-hourly/hour.csv"), 336);
        double[] all = new double[s0.train().length + s0.test().length];
        System.arraycopy(s0.train(), 0, all, 0, s0.train().length);
        System.arraycopy(s0.test(), 0, all, s0.train().length, s0.test().length);
        int h = 336;
        int origins = Integer.getInteger("origins", 12);
        double[] auto = new double[5];
        double[] snaive = new double[5];
        long ms = 0;
        for (int o = 0; o < origins; o++) {
            int n = all.length - h - o * 672;
            double[] train = Arrays.copyOf(all, n);
            double[] test = Arrays.copyOfRange(all, n, n + h);
            long t0 = System.nanoTime();
            AutoForecaster.Fitted f = new AutoForecaster(h, AutoForecaster.FOLDS, 24, 168).fit(train, 24);
            ms += (System.nanoTime() - t0) / 1_000_000;
            double[] a = score(train, test, f.predict(h, 0.8), f.predict(h, 0.95));
            SeriesForecast sn = Naive.seasonal().fit(train, 24).predict(h, 0.8);
            double[] b = score(train, test, sn, sn);
            for (int i = 0; i < 5; i++) {
                auto[i] += a[i] / origins;
                snaive[i] += b[i] / origins;
            }
            System.out.printf(
                    Locale.ROOT,
                    "origin %2d (%5d h): auto sMAPE %6.2f MASE %.3f cov80 %.2f | snaive %6.2f / %.3f | %s%n",
                    o,
                    n,
                    a[0],
                    a[1],
                    a[3],
                    b[0],
                    b[1],
                    f.chosen());
        }
        System.out.printf(
                Locale.ROOT,
                "mean over %d origins: auto sMAPE %.2f MASE %.3f MAE %.1f cov80 %.3f cov95 %.3f"
                        + " | snaive sMAPE %.2f MASE %.3f MAE %.1f | %d ms wall per fit%n",
                origins,
                auto[0],
                auto[1],
                auto[2],
                auto[3],
                auto[4],
                snaive[0],
                snaive[1],
                snaive[2],
                ms / origins);
    }

    /** sMAPE, MASE (168-h naive scale), MAE, coverage of {@code p80} and {@code p95}. */
    static double[] score(double[] train, double[] test, SeriesForecast p80, SeriesForecast p95) {
        double sm = 0;
        double abs = 0;
        double c80 = 0;
        double c95 = 0;
        int h = test.length;
        for (int k = 0; k < h; k++) {
            double y = test[k];
            double f = p80.mean()[k];
            double d = Math.abs(y) + Math.abs(f);
            sm += d == 0 ? 0 : 200 * Math.abs(y - f) / d;
            abs += Math.abs(y - f);
            c80 += y >= p80.lower()[k] && y <= p80.upper()[k] ? 1 : 0;
            c95 += y >= p95.lower()[k] && y <= p95.upper()[k] ? 1 : 0;
        }
        double scale = 0;
        for (int t = 168; t < train.length; t++) {
            scale += Math.abs(train[t] - train[t - 168]);
        }
        scale /= train.length - 168;
        return new double[] {sm / h, abs / h / scale, abs / h, c80 / h, c95 / h};
    }
}
