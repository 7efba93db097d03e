package io.retailpulse.forecasting.model;

/**
 * The standard Theta method (Assimakopoulos &amp; Nikolopoulos 2000) in Hyndman &amp; Billah's form, as R
 * {@code forecast::thetaf}: when the lag-m autocorrelation is significant, divide out multiplicative classical
 * seasonal indices; fit simple exponential smoothing (α and the initial level by least squares, as {@code ses});
 * add half the slope b of a least-squares line through the adjusted series:
 * {@code ŷ(n+k) = ℓ(n) + b/2 · (k − 1 + (1 − (1 − α)^n) / α)}; put the seasonality back. Intervals are SES's:
 * {@code σ √(1 + α²(k − 1))}, scaled by the seasonal index.
 */
public final class Theta implements SeriesModel {

    @Override
    public String name() {
        return "theta";
    }

    @Override
    public Fitted fit(double[] y, int period) {
        SeriesModel.check(y);
        int n = y.length;
        double[] idx = null;
        if (period > 1 && Decomposition.allPositive(y) && Decomposition.seasonal(y, period)) {
            idx = Decomposition.seasonalIndices(y, n, period, true);
        }
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = idx == null ? y[t] : y[t] / idx[t % period];
        }
        double[] ses = ses(x);
        double slope = Decomposition.line(x, n)[1];
        return new Fitted(ses[0], ses[1], ses[2], slope, n, idx, period);
    }

    /** SES on x: {α, final level, σ}, α and the initial level minimising the squared one-step errors. */
    static double[] ses(double[] x) {
        int n = x.length;
        double scale = 0;
        for (double v : x) {
            scale += Math.abs(v);
        }
        scale = scale == 0 ? 1 : scale / n;
        final double sc = scale;
        double[] best = {Double.MAX_VALUE, 0.5, x[0] / sc};
        java.util.function.ToDoubleFunction<double[]> f = p -> {
            double a = p[0];
            if (a < 1e-4 || a > 0.9999) {
                return 1e100;
            }
            double l = p[1];
            double sse = 0;
            for (double v : x) {
                double e = v / sc - l;
                sse += e * e;
                l += a * e;
            }
            if (sse < best[0]) {
                best[0] = sse;
                best[1] = a;
                best[2] = p[1];
            }
            return sse;
        };
        // at the evaluation limit the best point seen is kept
        NelderMead.minimize(f, new double[] {0.5, x[0] / sc}, new double[] {0.1, 0.1}, 1e-8, 1e-12, 600);
        double a = best[1];
        double l = best[2];
        double sse = 0;
        for (double v : x) {
            double e = v / sc - l;
            sse += e * e;
            l += a * e;
        }
        return new double[] {a, l * sc, Math.sqrt(sse / Math.max(1, n - 2)) * sc};
    }

    /** A fitted Theta model. */
    public static final class Fitted implements FittedSeries {
        final double alpha;
        final double level;
        final double sigma;
        final double slope;
        final int n;
        final double[] seasonal;
        final int period;

        Fitted(double alpha, double level, double sigma, double slope, int n, double[] seasonal, int period) {
            this.alpha = alpha;
            this.level = level;
            this.sigma = sigma;
            this.slope = slope;
            this.n = n;
            this.seasonal = seasonal;
            this.period = period;
        }

        public double alpha() {
            return alpha;
        }

        /** Final SES level of the (seasonally adjusted) history. */
        public double level() {
            return level;
        }

        /** Slope of the least-squares line through the (seasonally adjusted) history; the drift is half of it. */
        public double slope() {
            return slope;
        }

        public boolean seasonallyAdjusted() {
            return seasonal != null;
        }

        @Override
        public String describe() {
            return seasonal == null ? "theta" : "theta(seasonally adjusted, m=" + period + ")";
        }

        @Override
        public SeriesForecast predict(int horizon, double level) {
            double z = Naive.zScore(level);
            double[] mean = new double[horizon];
            double[] lo = new double[horizon];
            double[] hi = new double[horizon];
            double drift = (1 - Math.pow(1 - alpha, n)) / alpha;
            for (int k = 0; k < horizon; k++) {
                double f = this.level + slope / 2 * (k + drift);
                double sd = sigma * Math.sqrt(1 + alpha * alpha * k);
                double si = seasonal == null ? 1 : seasonal[(n + k) % period];
                mean[k] = f * si;
                lo[k] = (f - z * sd) * si;
                hi[k] = (f + z * sd) * si;
            }
            return new SeriesForecast("theta", mean, lo, hi);
        }
    }
}
