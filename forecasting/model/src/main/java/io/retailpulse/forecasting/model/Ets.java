package io.retailpulse.forecasting.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Exponential smoothing state-space models (Hyndman, Koehler, Ord &amp; Snyder 2008), as R {@code forecast::ets}
 * and statsforecast {@code AutoETS}: additive or multiplicative error, no / additive / damped trend, no /
 * additive / multiplicative season. {@link #auto()} fits every admissible form and keeps the lowest AICc; as R
 * by default, no multiplicative trend, no additive error with a multiplicative season, multiplicative parts only
 * for strictly positive data, and seasonal forms only for periods 2..24 with two full cycles.
 *
 * <p>Estimation: the smoothing parameters (α, β, γ, φ within R's "usual" bounds: 0 &lt; β &lt; α, 0 &lt; γ &lt;
 * 1 − α, 0.8 ≤ φ ≤ 0.98) and the initial level and trend minimise R's criterion {@code n log(Σe²) + 2 Σ log|ŷ|}
 * (the second term for multiplicative errors) by Nelder-Mead (Commons Math, as R's {@code optim}). Unlike R, the
 * initial seasonal states are not optimised: they come from a classical decomposition of the first cycles (they
 * are still counted as parameters in the AICc, as R counts them). The series is scaled to mean |y| = 1 first.
 * Intervals: for additive errors the exact Gaussian variances of Hyndman et al. (2008) class 1; for
 * multiplicative errors simulated from the fitted model with Gaussian errors (seeded, deterministic).
 */
public final class Ets implements SeriesModel {

    public enum Trend {
        N,
        A,
        Ad
    }

    public enum Season {
        N,
        A,
        M
    }

    /** One model form, e.g. {@code ETS(M,Ad,M)}. */
    public record Spec(boolean multiplicativeError, Trend trend, Season season) {
        public String code() {
            return "ETS(" + (multiplicativeError ? "M" : "A") + "," + trend + "," + season + ")";
        }

        public static Spec parse(String code) {
            String[] p = code.replace("ETS(", "").replace(")", "").split(",");
            return new Spec(p[0].trim().equals("M"), Trend.valueOf(p[1].trim()), Season.valueOf(p[2].trim()));
        }
    }

    private static final int PATHS = 1000;
    private static final double HUGE = 1e100;
    /**
     * Relative change of the criterion (all simplex vertices) at which Nelder-Mead stops: 1e-6 of {@code n log Σe²}
     * is a few thousandths of a log-likelihood unit, far below the AICc differences that choose a form, and saves
     * a quarter of the evaluations of the former 1e-7 (kept for {@link #autoCold()}).
     */
    private static final double FAST_TOLERANCE = 1e-6;
    /** Simplex size of a warm start relative to a cold one. */
    private static final double WARM_STEP = 0.25;
    /** Simplex size when starting from the additive-error sibling form. */
    private static final double SIBLING_STEP = 0.5;

    private final Spec fixed;
    /**
     * Multiplicative-error forms warm-started from their additive-error siblings (see {@link #fitForms}), and the
     * looser stopping rule {@link #FAST_TOLERANCE}; false only for the speed baseline {@link #autoCold()}.
     */
    private final boolean siblings;

    private Ets(Spec fixed, boolean siblings) {
        this.fixed = fixed;
        this.siblings = siblings;
    }

    /** Every admissible form, the lowest AICc kept. */
    public static Ets auto() {
        return new Ets(null, true);
    }

    /** As {@link #auto()} with every form from a cold start: the former, slower fitting (a speed baseline). */
    static Ets autoCold() {
        return new Ets(null, false);
    }

    /** One form only (parameters still estimated). */
    public static Ets of(Spec spec) {
        return new Ets(spec, true);
    }

    @Override
    public String name() {
        return "ets";
    }

    /** The forms {@link #auto()} tries on this series. */
    public static List<Spec> candidates(double[] y, int m) {
        boolean positive = Decomposition.allPositive(y);
        boolean seasonalOk = m > 1 && m <= 24 && y.length >= 2 * m;
        List<Spec> specs = new ArrayList<>();
        for (boolean me : positive ? new boolean[] {false, true} : new boolean[] {false}) {
            for (Trend tr : Trend.values()) {
                for (Season se : Season.values()) {
                    if (se != Season.N && !seasonalOk) {
                        continue;
                    }
                    if (se == Season.M && (!me || !positive)) {
                        continue;
                    }
                    specs.add(new Spec(me, tr, se));
                }
            }
        }
        return specs;
    }

    @Override
    public Fitted fit(double[] y, int period) {
        return fit(y, period, java.util.Map.of());
    }

    /**
     * As {@link #fit(double[], int)}, each form starting from the parameters of the same form fitted on a prefix of
     * this series (cross-validation folds: the initial states describe the same first values, so the optimiser
     * starts near the answer and needs fewer evaluations).
     */
    Fitted fit(double[] y, int period, java.util.Map<Spec, Fitted> warm) {
        return fit(y, period, warm, fixed != null ? List.of(fixed) : candidates(y, period));
    }

    /** As {@link #fit(double[], int, java.util.Map)} among the given forms only. */
    Fitted fit(double[] y, int period, java.util.Map<Spec, Fitted> warm, List<Spec> specs) {
        SeriesModel.check(y);
        return best(fitForms(y, period, specs, warm, siblings), y);
    }

    /**
     * The forms worth fitting on a series, given every form fitted on a prefix of it: those within
     * {@code maxDelta} AICc of the prefix's best (an Akaike weight over e^(−maxDelta/2) there), and those the
     * prefix was too short to fit.
     */
    static List<Spec> plausible(double[] y, int period, List<Fitted> onPrefix, double maxDelta) {
        double best = Double.POSITIVE_INFINITY;
        java.util.Map<Spec, Double> aicc = new java.util.HashMap<>();
        for (Fitted f : onPrefix) {
            best = Math.min(best, f.aicc);
            aicc.put(f.spec, f.aicc);
        }
        List<Spec> out = new ArrayList<>();
        for (Spec spec : candidates(y, period)) {
            Double a = aicc.get(spec);
            if (a == null || a - best <= maxDelta) {
                out.add(spec);
            }
        }
        return out;
    }

    /**
     * Every given form fitted (forms too short for their parameters left out). Without a warm start of its own, a
     * multiplicative-error form starts from the additive-error form with the same trend and season (additive
     * season for a multiplicative one), fitted just before: the same parameters (α, β, γ, φ, l0, b0) and nearly the
     * same optimum, so a smaller simplex finds it in far fewer evaluations. Likewise an additive-error damped form
     * starts from the undamped one (φ = 0.97 added), the costliest forms to fit from cold.
     */
    static List<Fitted> fitForms(
            double[] y, int period, List<Spec> specs, java.util.Map<Spec, Fitted> warm, boolean siblings) {
        List<Fitted> out = new ArrayList<>();
        java.util.Map<Spec, Fitted> done = new java.util.HashMap<>();
        for (Spec spec : specs) {
            Fitted start = warm.get(spec);
            double stepScale = WARM_STEP;
            if (start == null && siblings && spec.multiplicativeError()) {
                start = done.get(new Spec(false, spec.trend(), spec.season() == Season.N ? Season.N : Season.A));
                stepScale = SIBLING_STEP;
            } else if (start == null && siblings && spec.trend() == Trend.Ad) {
                start = done.get(new Spec(false, Trend.A, spec.season()));
                stepScale = SIBLING_STEP;
            }
            Fitted f = fitOne(y, period, spec, start, stepScale, siblings);
            if (f != null) {
                out.add(f);
                done.put(spec, f);
            }
        }
        return out;
    }

    /** The lowest AICc of the fitted forms, else simple exponential smoothing. */
    static Fitted best(List<Fitted> forms, double[] y) {
        Fitted best = null;
        for (Fitted f : forms) {
            if (best == null || f.aicc < best.aicc) {
                best = f;
            }
        }
        if (best == null) {
            // Too short for the requested form's parameters: simple exponential smoothing always fits.
            best = fitOne(y, 1, new Spec(false, Trend.N, Season.N), null, 1, true);
            if (best == null) {
                throw new IllegalArgumentException("series too short for ETS: " + y.length + " values");
            }
        }
        return best;
    }

    /** A fitted form: parameters, final states and fit statistics. */
    public static final class Fitted implements FittedSeries {
        final Spec spec;
        final int m;
        final double scale;
        final double alpha;
        final double beta;
        final double gamma;
        final double phi;
        final double level;
        final double trend;
        final double[] season; // season[j] applies to steps t ≡ j (mod m) counted from the series start
        final int n;
        final double sigma;
        final double aicc;
        /** The optimiser's point (α, [β], [γ], [φ], l0, [b0]) on the scaled data: a warm start for a refit. */
        double[] x;

        Fitted(
                Spec spec,
                int m,
                double scale,
                double[] p,
                double level,
                double trend,
                double[] season,
                int n,
                double sigma,
                double aicc) {
            this.spec = spec;
            this.m = m;
            this.scale = scale;
            this.alpha = p[0];
            this.beta = p[1];
            this.gamma = p[2];
            this.phi = p[3];
            this.level = level;
            this.trend = trend;
            this.season = season;
            this.n = n;
            this.sigma = sigma;
            this.aicc = aicc;
        }

        public Spec spec() {
            return spec;
        }

        public double alpha() {
            return alpha;
        }

        public double beta() {
            return beta;
        }

        public double gamma() {
            return gamma;
        }

        public double phi() {
            return phi;
        }

        public double aicc() {
            return aicc;
        }

        /** Residual standard deviation (relative for multiplicative errors). */
        public double sigma() {
            return spec.multiplicativeError() ? sigma : sigma * scale;
        }

        @Override
        public String describe() {
            return spec.code();
        }

        @Override
        public double[] pointForecast(int horizon) {
            double[] mean = new double[horizon];
            path(horizon, null, mean);
            for (int k = 0; k < horizon; k++) {
                mean[k] *= scale;
            }
            return mean;
        }

        /**
         * Forecast variances in units of σ² for the additive-error forms, Hyndman et al. (2008) class 1 (their
         * Table 6.1): {@code v(h) = 1 + Σ_{j=1}^{h−1} c_j²} with {@code c_j = α + β·φ_j + γ·[j ≡ 0 mod m]},
         * {@code φ_j = j} without damping and {@code φ + … + φ^j} with it; null for multiplicative errors.
         */
        double[] analyticVariance(int horizon) {
            if (spec.multiplicativeError()) {
                return null;
            }
            double[] v = new double[horizon];
            double sum = 1;
            double phiJ = 0;
            double phiPow = 1;
            for (int h = 0; h < horizon; h++) {
                v[h] = sum;
                int j = h + 1; // c_j for the next step
                phiPow *= spec.trend() == Trend.Ad ? phi : 1;
                phiJ += spec.trend() == Trend.Ad ? phiPow : 1;
                double c = alpha
                        + (spec.trend() == Trend.N ? 0 : beta * phiJ)
                        + (spec.season() != Season.N && m > 1 && j % m == 0 ? gamma : 0);
                sum += c * c;
            }
            return v;
        }

        @Override
        public SeriesForecast predict(int horizon, double level) {
            double[] mean = new double[horizon];
            path(horizon, null, mean);
            double z = Naive.zScore(level); // validates level
            double[] variance = analyticVariance(horizon);
            if (variance != null) { // class 1: exact Gaussian bounds, no simulation
                double[] lo = new double[horizon];
                double[] hi = new double[horizon];
                for (int k = 0; k < horizon; k++) {
                    mean[k] *= scale;
                    double w = z * sigma * Math.sqrt(variance[k]) * scale;
                    lo[k] = mean[k] - w;
                    hi[k] = mean[k] + w;
                }
                return new SeriesForecast("ets", mean, lo, hi);
            }
            double[][] sims = new double[horizon][PATHS];
            SplittableRandom rnd = new SplittableRandom(42);
            double[] one = new double[horizon];
            for (int p = 0; p < PATHS; p++) {
                path(horizon, rnd, one);
                for (int k = 0; k < horizon; k++) {
                    sims[k][p] = one[k];
                }
            }
            double[] lo = new double[horizon];
            double[] hi = new double[horizon];
            double q = (1 - level) / 2;
            for (int k = 0; k < horizon; k++) {
                mean[k] *= scale;
                Arrays.sort(sims[k]);
                lo[k] = quantile(sims[k], q) * scale;
                hi[k] = quantile(sims[k], 1 - q) * scale;
                if (!Double.isFinite(lo[k]) || !Double.isFinite(hi[k])) {
                    lo[k] = mean[k] - z * sigma() * Math.sqrt(k + 1);
                    hi[k] = mean[k] + z * sigma() * Math.sqrt(k + 1);
                }
            }
            return new SeriesForecast("ets", mean, lo, hi);
        }

        /** One future path on the scaled data: the point forecast when rnd is null, else a simulated one. */
        private void path(int horizon, SplittableRandom rnd, double[] out) {
            double l = level;
            double b = trend;
            double[] s = season.clone();
            for (int k = 0; k < horizon; k++) {
                int j = m > 1 ? (n + k) % m : 0;
                double phib = phib(spec.trend(), b, phi);
                double q = l + phib;
                double sv = s[j];
                double yhat = spec.season() == Season.M ? q * sv : spec.season() == Season.A ? q + sv : q;
                double yv = yhat;
                if (rnd != null) {
                    double e = sigma * rnd.nextGaussian();
                    yv = spec.multiplicativeError() ? yhat * (1 + e) : yhat + e;
                }
                out[k] = yv;
                double pv = spec.season() == Season.A ? yv - sv : spec.season() == Season.M ? yv / sv : yv;
                double ln = q + alpha * (pv - q);
                if (spec.trend() != Trend.N) {
                    b = phib + beta / alpha * (ln - l - phib);
                }
                if (spec.season() == Season.A) {
                    s[j] = sv + gamma * ((yv - q) - sv);
                } else if (spec.season() == Season.M) {
                    s[j] = sv + gamma * (yv / q - sv);
                }
                l = ln;
            }
        }
    }

    static double phib(Trend trend, double b, double phi) {
        return trend == Trend.N ? 0 : trend == Trend.A ? b : phi * b;
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    /**
     * Fits one form, from {@code warm}'s parameters (same layout, possibly another error type) with a simplex
     * {@code warmStep} times the cold one when given; null when too short for its parameters. {@code siblings}:
     * the faster stopping rule (false: the former, tighter one).
     */
    static Fitted fitOne(double[] raw, int m, Spec spec, Fitted warm, double warmStep, boolean siblings) {
        int n = raw.length;
        boolean seasonal = spec.season() != Season.N;
        int mm = seasonal ? m : 1;
        double scale = 0;
        for (double v : raw) {
            scale += Math.abs(v);
        }
        scale = scale == 0 ? 1 : scale / n;
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = raw[t] / scale;
        }
        boolean trend = spec.trend() != Trend.N;
        boolean damped = spec.trend() == Trend.Ad;
        int np = 2 + (trend ? 2 : 0) + (damped ? 1 : 0) + (seasonal ? m : 0); // α, l0, [β, b0], [φ], [γ, m−1 s0]
        int k = np + 1; // + σ
        if (n - k - 1 <= 0) {
            return null;
        }
        double[] s0 = new double[mm];
        if (seasonal) {
            int cycles = Math.max(2, Math.min(n / m, 4));
            s0 = Decomposition.seasonalIndices(y, Math.min(n, cycles * m), m, spec.season() == Season.M);
        } else {
            s0[0] = spec.season() == Season.M ? 1 : 0;
        }
        // Starting level and trend: a line through the first (deseasonalised) values, level one step before t=0.
        int first = Math.min(n, Math.max(10, 2 * mm));
        double[] sa = new double[first];
        for (int t = 0; t < first; t++) {
            sa[t] = spec.season() == Season.M
                    ? y[t] / s0[t % mm]
                    : spec.season() == Season.A ? y[t] - s0[t % mm] : y[t];
        }
        double[] line = Decomposition.line(sa, first);
        double l0 = trend ? line[0] - line[1] : mean(sa);
        double b0 = line[1];
        if (spec.multiplicativeError() && l0 <= 0) {
            l0 = Math.max(1e-3, mean(sa));
        }
        // Parameter vector: α, [β], [γ], [φ], l0, [b0].
        List<Double> x0 = new ArrayList<>();
        List<Double> steps = new ArrayList<>();
        double alpha0 = seasonal ? 0.2 : 0.5;
        x0.add(alpha0);
        steps.add(0.1);
        if (trend) {
            x0.add(0.1 * alpha0);
            steps.add(0.02);
        }
        if (seasonal) {
            x0.add(0.05 * (1 - alpha0));
            steps.add(0.02);
        }
        if (damped) {
            x0.add(0.97);
            steps.add(-0.05);
        }
        x0.add(l0);
        steps.add(Math.max(0.05, Math.abs(l0) * 0.1));
        if (trend) {
            x0.add(b0);
            steps.add(Math.max(0.01, Math.abs(b0) * 0.5));
        }
        double[] start = x0.stream().mapToDouble(Double::doubleValue).toArray();
        double[] step = steps.stream().mapToDouble(Double::doubleValue).toArray();
        boolean addPhi = warm != null && damped && warm.spec.trend() == Trend.A;
        if (warm != null
                && warm.x != null
                && warm.x.length + (addPhi ? 1 : 0) == start.length
                && (warm.spec.trend() == spec.trend() || addPhi)
                && (warm.spec.season() == Season.N) == !seasonal) {
            // Warm start: the prefix's optimum, its initial states rescaled to this series' scale, explored by a
            // smaller simplex (the answer moves little when a fold grows by h/2 values).
            double[] w = warm.x.clone();
            if (addPhi) { // α, β, [γ], then φ before l0, b0
                int at = 2 + (seasonal ? 1 : 0);
                double[] withPhi = new double[w.length + 1];
                System.arraycopy(w, 0, withPhi, 0, at);
                withPhi[at] = 0.97;
                System.arraycopy(w, at, withPhi, at + 1, w.length - at);
                w = withPhi;
            }
            int states = trend ? 2 : 1;
            for (int i = w.length - states; i < w.length; i++) {
                w[i] *= warm.scale / scale;
            }
            double[] p = new double[4];
            int last = w.length - 1;
            if (unpack(w, spec, p)
                    && likelihood(y, mm, spec, p, trend ? w[last - 1] : w[last], trend ? w[last] : 0, s0, null, null)
                            < HUGE) { // else (e.g. a level ≤ 0 for multiplicative errors) a cold start
                start = w;
                for (int i = 0; i < step.length; i++) {
                    step[i] *= warmStep;
                }
            }
        }
        double[] bestX = start.clone();
        double[] bestV = {HUGE};
        double[] work = new double[4];
        double[] finalS = s0.clone();
        final double[] s0f = s0;
        java.util.function.ToDoubleFunction<double[]> f = x -> {
            if (!unpack(x, spec, work)) {
                return HUGE;
            }
            int last = x.length - 1;
            double l = trend ? x[last - 1] : x[last];
            double b = trend ? x[last] : 0;
            double v = likelihood(y, mm, spec, work, l, b, s0f, null, null);
            if (v < bestV[0]) {
                bestV[0] = v;
                System.arraycopy(x, 0, bestX, 0, x.length);
            }
            return v;
        };
        // at the evaluation limit the best point seen is kept: Nelder-Mead's last simplex is no better than it
        NelderMead.minimize(f, start, step, siblings ? FAST_TOLERANCE : 1e-7, 1e-9, 150 * start.length + 300);
        if (bestV[0] >= HUGE) {
            return null;
        }
        double[] p = new double[4];
        unpack(bestX, spec, p);
        int last = bestX.length - 1;
        double l = trend ? bestX[last - 1] : bestX[last];
        double b = trend ? bestX[last] : 0;
        double[] end = new double[3];
        double lik = likelihood(y, mm, spec, p, l, b, s0, finalS, end);
        double aic = lik + 2 * k;
        double aicc = aic + 2.0 * k * (k + 1) / (n - k - 1);
        double sigma = Math.sqrt(end[2] / Math.max(1, n - np));
        Fitted fitted = new Fitted(spec, mm, scale, p, end[0], end[1], finalS, n, sigma, aicc);
        fitted.x = bestX;
        return fitted;
    }

    /** x → (α, β, γ, φ) in out; false outside the admissible region. */
    private static boolean unpack(double[] x, Spec spec, double[] out) {
        int i = 0;
        double a = x[i++];
        double b = spec.trend() != Trend.N ? x[i++] : 0;
        double g = spec.season() != Season.N ? x[i++] : 0;
        double phi = spec.trend() == Trend.Ad ? x[i] : 1;
        if (a < 1e-4 || a > 0.9999) {
            return false;
        }
        if (spec.trend() != Trend.N && (b < 1e-4 || b > a)) {
            return false;
        }
        if (spec.season() != Season.N && (g < 1e-4 || g > 1 - a)) {
            return false;
        }
        if (spec.trend() == Trend.Ad && (phi < 0.8 || phi > 0.98)) {
            return false;
        }
        out[0] = a;
        out[1] = b;
        out[2] = g;
        out[3] = phi;
        return true;
    }

    /**
     * Runs the filter over y; returns {@code n log(Σe²) + 2 Σ log|ŷ|}. When {@code season} is given it receives
     * the final seasonal states, and {@code end} the final level, trend and Σe².
     */
    static double likelihood(
            double[] y, int m, Spec spec, double[] p, double l, double b, double[] s0, double[] season, double[] end) {
        double alpha = p[0];
        double beta = p[1];
        double gamma = p[2];
        double phi = p[3];
        double[] s = season != null ? season : s0.clone();
        if (season != null) {
            System.arraycopy(s0, 0, s, 0, s0.length);
        }
        // one loop per kind of season, so that each is compiled for the forms that use it (the JIT's profile of
        // one loop shared by all 15 forms depends on which forms ran first)
        switch (spec.season()) {
            case N:
                return filterN(y, spec, alpha, beta, phi, l, b, end);
            case A:
                return filterA(y, m, spec, alpha, beta, gamma, phi, l, b, s, end);
            default:
                return filterM(y, m, spec, alpha, beta, gamma, phi, l, b, s, end);
        }
    }

    /**
     * The filter of the forms without a season. This and the two below are the hot loop of every ETS fit (each
     * Nelder-Mead evaluation runs one): the season's index is a counter, not t % m, and β/α is computed once;
     * the same operations otherwise, so the same value to the last bit ({@code EtsLikelihoodTest}).
     */
    private static double filterN(
            double[] y, Spec spec, double alpha, double beta, double phi, double l, double b, double[] end) {
        boolean multErr = spec.multiplicativeError();
        Trend tr = spec.trend();
        double sse = 0;
        double logSum = 0;
        double betaOverAlpha = beta / alpha;
        for (int t = 0; t < y.length; t++) {
            double phib = phib(tr, b, phi);
            double q = l + phib;
            double yhat = q;
            double e;
            if (multErr) {
                if (!(yhat > 1e-10)) {
                    return HUGE;
                }
                e = (y[t] - yhat) / yhat;
                logSum += Math.log(yhat);
            } else {
                e = y[t] - yhat;
            }
            sse += e * e;
            double pv = y[t];
            double ln = q + alpha * (pv - q);
            if (tr != Trend.N) {
                b = phib + betaOverAlpha * (ln - l - phib);
            }
            l = ln;
        }
        return criterion(y.length, sse, logSum, l, b, end);
    }

    /** The filter of the additive-season forms (see {@link #filterN}). */
    private static double filterA(
            double[] y,
            int m,
            Spec spec,
            double alpha,
            double beta,
            double gamma,
            double phi,
            double l,
            double b,
            double[] s,
            double[] end) {
        boolean multErr = spec.multiplicativeError();
        Trend tr = spec.trend();
        double sse = 0;
        double logSum = 0;
        double betaOverAlpha = beta / alpha;
        int j = 0;
        for (int t = 0; t < y.length; t++) {
            double phib = phib(tr, b, phi);
            double q = l + phib;
            double sv = s[j];
            double yhat = q + sv;
            double e;
            if (multErr) {
                if (!(yhat > 1e-10)) {
                    return HUGE;
                }
                e = (y[t] - yhat) / yhat;
                logSum += Math.log(yhat);
            } else {
                e = y[t] - yhat;
            }
            sse += e * e;
            double pv = y[t] - sv;
            double ln = q + alpha * (pv - q);
            if (tr != Trend.N) {
                b = phib + betaOverAlpha * (ln - l - phib);
            }
            s[j] = sv + gamma * ((y[t] - q) - sv);
            l = ln;
            if (++j >= m) {
                j = 0;
            }
        }
        return criterion(y.length, sse, logSum, l, b, end);
    }

    /** The filter of the multiplicative-season forms (see {@link #filterN}). */
    private static double filterM(
            double[] y,
            int m,
            Spec spec,
            double alpha,
            double beta,
            double gamma,
            double phi,
            double l,
            double b,
            double[] s,
            double[] end) {
        boolean multErr = spec.multiplicativeError();
        Trend tr = spec.trend();
        double sse = 0;
        double logSum = 0;
        double betaOverAlpha = beta / alpha;
        int j = 0;
        for (int t = 0; t < y.length; t++) {
            double phib = phib(tr, b, phi);
            double q = l + phib;
            double sv = s[j];
            double yhat = q * sv;
            double e;
            if (multErr) {
                if (!(yhat > 1e-10) || !(sv > 1e-10)) {
                    return HUGE;
                }
                e = (y[t] - yhat) / yhat;
                logSum += Math.log(yhat);
            } else {
                e = y[t] - yhat;
            }
            sse += e * e;
            double pv = y[t] / sv;
            double ln = q + alpha * (pv - q);
            if (tr != Trend.N) {
                b = phib + betaOverAlpha * (ln - l - phib);
            }
            if (!(q > 1e-10)) {
                return HUGE;
            }
            s[j] = sv + gamma * (y[t] / q - sv);
            l = ln;
            if (++j >= m) {
                j = 0;
            }
        }
        return criterion(y.length, sse, logSum, l, b, end);
    }

    private static double criterion(int n, double sse, double logSum, double l, double b, double[] end) {
        if (end != null) {
            end[0] = l;
            end[1] = b;
            end[2] = sse;
        }
        double v = n * Math.log(Math.max(sse, 1e-300)) + 2 * logSum;
        return Double.isFinite(v) ? v : HUGE;
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }
}
