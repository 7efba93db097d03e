package io.retailpulse.forecasting.model;

/**
 * The Theta models of Fiorucci et al. (2016), "Models for optimising the theta method and their relationship to
 * state space models", as R {@code forecTheta} and statsforecast's {@code OptimizedTheta} /
 * {@code DynamicOptimizedTheta} / {@code AutoTheta}: standard (STM, θ = 2), optimised (OTM, θ ≥ 1 estimated),
 * dynamic standard (DSTM) and dynamic optimised (DOTM), in which the theta line's intercept Aₙ and slope Bₙ are
 * updated with every observation instead of fitted once on the whole history (so the drift follows the recent
 * trend). State (ℓ, ȳ, A, B); one-step forecast
 * {@code μ(t) = ℓ(t−1) + (1 − 1/θ)·(A·(1−α)^t + B·(1 − (1−α)^(t+1))/α)}; ℓ(t) = α·y(t) + (1−α)·ℓ(t−1); the
 * dynamic forms update {@code B(t) = ((t−1)·B + 6·(y(t) − ȳ(t−1))/(t+1))/(t+2)}, {@code A(t) = ȳ(t) − B(t)·(t+2)/2}.
 * The h-step forecast runs the same recursion with y replaced by μ. Parameters (initial level ℓ₀, α in [0.1,
 * 0.99], θ ≥ 1) minimise the one-step squared errors after the first three (statsforecast's criterion) by
 * Nelder-Mead (Commons Math), from ℓ₀ = y₀/2, α = 0.5, θ = 2 as statsforecast. Seasonality as statsforecast:
 * multiplicative classical decomposition when the lag-m autocorrelation is significant (the test of {@link Theta};
 * additive for data that is not positive). Intervals: Gaussian with SES's variance σ²(1 + α²(k − 1)) (the models
 * are SES with drift; statsforecast simulates the same).
 */
public final class OptimisedTheta implements SeriesModel {

    /** The four model types of Fiorucci et al. (2016). */
    public enum Type {
        STM(false, false),
        OTM(false, true),
        DSTM(true, false),
        DOTM(true, true);

        final boolean dynamic;
        final boolean optimiseTheta;

        Type(boolean dynamic, boolean optimiseTheta) {
            this.dynamic = dynamic;
            this.optimiseTheta = optimiseTheta;
        }
    }

    private final Type[] types;

    private OptimisedTheta(Type... types) {
        this.types = types.clone();
    }

    /** Dynamic optimised Theta (statsforecast {@code DynamicOptimizedTheta}): the M4 choice among the four. */
    public static OptimisedTheta dynamic() {
        return new OptimisedTheta(Type.DOTM);
    }

    /** Optimised Theta (statsforecast {@code OptimizedTheta}). */
    public static OptimisedTheta optimised() {
        return new OptimisedTheta(Type.OTM);
    }

    public static OptimisedTheta of(Type type) {
        return new OptimisedTheta(type);
    }

    /** All four, the lowest in-sample MSE kept (statsforecast {@code AutoTheta}). */
    public static OptimisedTheta auto() {
        return new OptimisedTheta(Type.values());
    }

    @Override
    public String name() {
        return types.length == 1 ? types[0].name().toLowerCase(java.util.Locale.ROOT) : "autotheta";
    }

    @Override
    public Fitted fit(double[] y, int period) {
        return fit(y, period, null);
    }

    /**
     * As {@link #fit(double[], int)}, the optimiser started from {@code warm}'s parameters with a quarter-size
     * simplex when {@code warm} is of the same single type (auto's later folds and whole history start from the
     * fold before: same criterion, about half the evaluations).
     */
    Fitted fit(double[] y, int period, Fitted warm) {
        SeriesModel.check(y);
        int n = y.length;
        double[] idx = null;
        boolean multiplicative = Decomposition.allPositive(y);
        if (period >= 4 && Decomposition.seasonal(y, period)) {
            idx = Decomposition.seasonalIndices(y, n, period, multiplicative);
            if (multiplicative) {
                for (double v : idx) {
                    if (v < 0.01) { // as statsforecast: a near-zero index makes division unstable
                        multiplicative = false;
                        idx = Decomposition.seasonalIndices(y, n, period, false);
                        break;
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = idx == null ? y[t] : multiplicative ? y[t] / idx[t % period] : y[t] - idx[t % period];
        }
        double scale = 0;
        for (double v : x) {
            scale += Math.abs(v);
        }
        scale = scale == 0 ? 1 : scale / n;
        double[] z = new double[n];
        for (int t = 0; t < n; t++) {
            z[t] = x[t] / scale;
        }
        Fitted best = null;
        for (Type type : types) {
            Fitted f = fitType(
                    type,
                    z,
                    scale,
                    idx,
                    multiplicative,
                    period,
                    warm != null && warm.type == type && types.length == 1 ? warm : null);
            if (best == null || f.mse < best.mse) {
                best = f;
            }
        }
        return best;
    }

    private static Fitted fitType(
            Type type, double[] z, double scale, double[] idx, boolean multiplicative, int period, Fitted warm) {
        int n = z.length;
        double[] best = {Double.MAX_VALUE, z[0] / 2, 0.5, 2};
        // the dynamic types' A and B depend on the data alone: computed once, not in every evaluation
        double[][] path = type.dynamic ? dynamicPath(z) : null;
        java.util.function.ToDoubleFunction<double[]> f = p -> {
            double theta = type.optimiseTheta ? p[2] : 2;
            if (p[1] < 0.1 || p[1] > 0.99 || theta < 1 || theta > 1e10) {
                return 1e100;
            }
            double mse = path != null ? runDynamic(z, path, p[0], p[1], theta) : run(type, z, p[0], p[1], theta, null);
            if (!Double.isFinite(mse)) {
                return 1e100;
            }
            if (mse < best[0]) {
                best[0] = mse;
                best[1] = p[0];
                best[2] = p[1];
                best[3] = theta;
            }
            return mse;
        };
        double[] start = type.optimiseTheta ? new double[] {z[0] / 2, 0.5, 2} : new double[] {z[0] / 2, 0.5};
        double[] steps = type.optimiseTheta ? new double[] {0.1, 0.1, 0.5} : new double[] {0.1, 0.1};
        if (warm != null) {
            start[0] = warm.level0 / scale;
            start[1] = Math.min(0.98, Math.max(0.11, warm.alpha));
            if (type.optimiseTheta) {
                start[2] = Math.max(1.01, warm.theta);
            }
            for (int i = 0; i < steps.length; i++) {
                steps[i] /= 4;
            }
        }
        if (n > 3) {
            NelderMead.minimize(f, start, steps, 1e-6, 1e-10, 800); // at the limit the best point seen is kept
        }
        if (best[0] == Double.MAX_VALUE) { // nothing admissible evaluated (very short series): the start values
            best[0] = run(type, z, start[0], start[1], 2, null);
        }
        double[] state = new double[5];
        double mse = run(type, z, best[1], best[2], best[3], state);
        return new Fitted(type, best[1] * scale, best[2], best[3], state, n, mse, scale, idx, multiplicative, period);
    }

    /** The model with given parameters on a non-seasonal series (no estimation; R {@code dotm(..., estimation=F)}). */
    static Fitted withParameters(Type type, double[] y, double level0, double alpha, double theta) {
        double[] state = new double[5];
        double mse = run(type, y, level0, alpha, theta, state);
        return new Fitted(type, level0, alpha, theta, state, y.length, mse, 1, null, false, 1);
    }

    /**
     * One pass over z: returns the criterion (sum of squared one-step errors after the first three, over n);
     * when {@code last} is given, the final state (ℓ, ȳ, A, B, σ² of the one-step errors) is written into it.
     */
    static double run(Type type, double[] z, double level0, double alpha, double theta, double[] last) {
        int n = z.length;
        double y0 = z[0];
        double level = alpha * y0 + (1 - alpha) * level0;
        double meany = y0;
        double a;
        double b;
        double mu;
        if (type.dynamic) {
            a = y0;
            b = 0;
            mu = y0;
        } else {
            double sy = 0;
            double sty = 0;
            for (int t = 0; t < n; t++) {
                sy += z[t];
                sty += (t + 1) * z[t];
            }
            double mean = sy / n;
            b = n > 1 ? 6 * (2 * sty / n - (1 + n) * mean) / ((double) n * n - 1) : 0;
            a = mean - (n + 1) * b / 2;
            mu = level0 + (1 - 1 / theta) * (a + b);
        }
        double sse = 0;
        double e0 = y0 - mu;
        double sseAll = e0 * e0;
        double w = 1 - 1 / theta;
        double decay = 1 - alpha; // (1 − α)^i, kept as a running power
        for (int i = 1; i < n; i++) {
            decay *= 1 - alpha;
            // decay is now (1 − α)^(i+1); (1 − α)^i = decay / (1 − α)
            mu = level + w * (a * decay / (1 - alpha) + b * (1 - decay) / alpha);
            double e = z[i] - mu;
            if (!Double.isFinite(e)) {
                return Double.NaN;
            }
            if (i >= 3) {
                sse += e * e;
            }
            sseAll += e * e;
            double yi = z[i];
            level = alpha * yi + (1 - alpha) * level;
            double newMean = (i * meany + yi) / (i + 1);
            if (type.dynamic) {
                b = ((i - 1) * b + 6 * (yi - meany) / (i + 1)) / (i + 2);
                a = newMean - b * (i + 2) / 2;
            }
            meany = newMean;
        }
        if (last != null) {
            last[0] = level;
            last[1] = meany;
            last[2] = a;
            last[3] = b;
            last[4] = n > 4 ? sse / (n - 3) : sseAll / n;
        }
        return n > 3 ? sse / n : sseAll / n;
    }

    /**
     * The dynamic types' intercept and slope before each step i ≥ 1 ({@code path[0][i]}, {@code path[1][i]}): the
     * updates of {@link #run}, which do not depend on ℓ₀, α or θ.
     */
    static double[][] dynamicPath(double[] z) {
        int n = z.length;
        double[] as = new double[n];
        double[] bs = new double[n];
        double meany = z[0];
        double a = z[0];
        double b = 0;
        for (int i = 1; i < n; i++) {
            as[i] = a;
            bs[i] = b;
            double yi = z[i];
            double newMean = (i * meany + yi) / (i + 1);
            b = ((i - 1) * b + 6 * (yi - meany) / (i + 1)) / (i + 2);
            a = newMean - b * (i + 2) / 2;
            meany = newMean;
        }
        return new double[][] {as, bs};
    }

    /**
     * {@link #run}'s criterion for a dynamic type from its {@link #dynamicPath}: the same operations in the same
     * order, so the same value to the last bit (the Nelder-Mead path of the fit is unchanged), at about half the
     * cost per evaluation.
     */
    static double runDynamic(double[] z, double[][] path, double level0, double alpha, double theta) {
        int n = z.length;
        double[] as = path[0];
        double[] bs = path[1];
        double y0 = z[0];
        double level = alpha * y0 + (1 - alpha) * level0;
        double mu = y0;
        double sse = 0;
        double e0 = y0 - mu;
        double sseAll = e0 * e0;
        double w = 1 - 1 / theta;
        double decay = 1 - alpha;
        for (int i = 1; i < n; i++) {
            decay *= 1 - alpha;
            mu = level + w * (as[i] * decay / (1 - alpha) + bs[i] * (1 - decay) / alpha);
            double e = z[i] - mu;
            if (!Double.isFinite(e)) {
                return Double.NaN;
            }
            if (i >= 3) {
                sse += e * e;
            }
            sseAll += e * e;
            level = alpha * z[i] + (1 - alpha) * level;
        }
        return n > 3 ? sse / n : sseAll / n;
    }

    /** A fitted Theta model of one of the four types. */
    public static final class Fitted implements FittedSeries {
        private final Type type;
        private final double alpha;
        private final double theta;
        private final double[] state;
        private final double level0;
        private final int n;
        private final double sigma;
        final double mse;
        private final double scale;
        private final double[] seasonal;
        private final boolean multiplicative;
        private final int period;

        Fitted(
                Type type,
                double level0,
                double alpha,
                double theta,
                double[] state,
                int n,
                double mse,
                double scale,
                double[] seasonal,
                boolean multiplicative,
                int period) {
            this.type = type;
            this.alpha = alpha;
            this.theta = theta;
            this.state = state;
            this.level0 = level0;
            this.n = n;
            this.sigma = Math.sqrt(state[4]) * scale;
            this.mse = mse;
            this.scale = scale;
            this.seasonal = seasonal;
            this.multiplicative = multiplicative;
            this.period = period;
        }

        public Type type() {
            return type;
        }

        public double alpha() {
            return alpha;
        }

        public double theta() {
            return theta;
        }

        @Override
        public String describe() {
            String s = String.format(java.util.Locale.ROOT, "%s(alpha=%.2f, theta=%.2f)", type, alpha, theta);
            return seasonal == null
                    ? s
                    : s + " seasonally adjusted (" + (multiplicative ? "mult" : "add") + ", m=" + period + ")";
        }

        @Override
        public double[] pointForecast(int horizon) {
            double[] out = new double[horizon];
            double level = state[0];
            double meany = state[1];
            double a = state[2];
            double b = state[3];
            double w = 1 - 1 / theta;
            for (int k = 0; k < horizon; k++) {
                int i = n + k;
                double pi = Math.pow(1 - alpha, i);
                double mu = level + w * (a * pi + b * (1 - pi * (1 - alpha)) / alpha);
                out[k] = mu;
                level = alpha * mu + (1 - alpha) * level;
                double newMean = (i * meany + mu) / (i + 1);
                if (type.dynamic) {
                    b = ((i - 1) * b + 6 * (mu - meany) / (i + 1)) / (i + 2);
                    a = newMean - b * (i + 2) / 2;
                }
                meany = newMean;
            }
            for (int k = 0; k < horizon; k++) {
                out[k] = reseason(out[k] * scale, n + k);
            }
            return out;
        }

        private double reseason(double v, int t) {
            if (seasonal == null) {
                return v;
            }
            return multiplicative ? v * seasonal[t % period] : v + seasonal[t % period];
        }

        @Override
        public SeriesForecast predict(int horizon, double level) {
            double z = Naive.zScore(level);
            double[] mean = new double[horizon];
            double[] lo = new double[horizon];
            double[] hi = new double[horizon];
            double[] raw = pointForecast(horizon);
            for (int k = 0; k < horizon; k++) {
                double sd = sigma * Math.sqrt(1 + alpha * alpha * k);
                double si = seasonal == null ? 1 : multiplicative ? seasonal[(n + k) % period] : 1;
                mean[k] = raw[k];
                lo[k] = raw[k] - z * sd * si;
                hi[k] = raw[k] + z * sd * si;
            }
            return new SeriesForecast(type.name().toLowerCase(java.util.Locale.ROOT), mean, lo, hi);
        }
    }
}
