package io.retailpulse.forecasting.model;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Naive (last value repeated) and seasonal naive (last cycle repeated) forecasts: the baselines every other
 * family must beat, and the fallbacks. Intervals are the random-walk ones: σ √k for the k-th repetition, σ
 * from the in-sample one-lag (or one-cycle) differences.
 */
public final class Naive implements SeriesModel {

    private final boolean seasonal;

    private Naive(boolean seasonal) {
        this.seasonal = seasonal;
    }

    public static Naive naive() {
        return new Naive(false);
    }

    public static Naive seasonal() {
        return new Naive(true);
    }

    @Override
    public String name() {
        return seasonal ? "snaive" : "naive";
    }

    @Override
    public FittedSeries fit(double[] y, int period) {
        SeriesModel.check(y);
        int lag = seasonal && period > 1 && y.length > period ? period : 1;
        double ss = 0;
        for (int t = lag; t < y.length; t++) {
            double d = y[t] - y[t - lag];
            ss += d * d;
        }
        double sigma = Math.sqrt(ss / Math.max(1, y.length - lag));
        double[] last = java.util.Arrays.copyOfRange(y, y.length - lag, y.length);
        String name = name();
        return new FittedSeries() {
            @Override
            public String describe() {
                return lag == 1 ? "naive" : "snaive(" + lag + ")";
            }

            @Override
            public SeriesForecast predict(int horizon, double level) {
                double z = zScore(level);
                double[] mean = new double[horizon];
                double[] lo = new double[horizon];
                double[] hi = new double[horizon];
                for (int k = 0; k < horizon; k++) {
                    mean[k] = last[k % lag];
                    double sd = sigma * Math.sqrt(k / lag + 1);
                    lo[k] = mean[k] - z * sd;
                    hi[k] = mean[k] + z * sd;
                }
                return new SeriesForecast(name, mean, lo, hi);
            }
        };
    }

    /** Two-sided normal quantile for a central interval of the given width. */
    static double zScore(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("interval level must be in (0, 1): " + level);
        }
        return new NormalDistribution(null, 0, 1).inverseCumulativeProbability(0.5 + level / 2);
    }
}
