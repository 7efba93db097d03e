package io.retailpulse.forecasting.model;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAmount;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A fitted model: immutable, thread-safe; predicts deterministically (seeded sampling). */
public final class FittedModel {
    private final ModelOptions options;
    private final Features features;
    private final MapFit.Params params;
    private final Scaling scaling;
    private final long start;
    private final double tScale;
    private final double yScale;
    private final double[] changepoints;
    private final LocalDateTime first;
    private final LocalDateTime last;
    private final Duration spacing;
    private final int observations;

    FittedModel(
            ModelOptions options,
            Features features,
            MapFit.Params params,
            Scaling scaling,
            double[] changepoints,
            LocalDateTime first,
            LocalDateTime last,
            Duration spacing,
            int observations) {
        this.options = options;
        this.features = features;
        this.params = params;
        this.scaling = scaling;
        this.start = scaling.start();
        this.tScale = scaling.tScale();
        this.yScale = scaling.yScale();
        this.changepoints = changepoints;
        this.first = first;
        this.last = last;
        this.spacing = spacing;
        this.observations = observations;
    }

    /** The options with the automatic seasonalities resolved to explicit ones. */
    public ModelOptions options() {
        return options;
    }

    public LocalDateTime firstDs() {
        return first;
    }

    public LocalDateTime lastDs() {
        return last;
    }

    /** Smallest spacing between consecutive history rows. */
    public Duration spacing() {
        return spacing;
    }

    public int observations() {
        return observations;
    }

    /** Optimiser iterations the fit took. */
    public int iterations() {
        return params.iterations();
    }

    /** Observation noise sigma in y units (of the transformed y). */
    public double sigma() {
        return params.sigma() * yScale;
    }

    /** The seasonal / holiday / regressor coefficients by column name, in the scaled units of the fit. */
    public Map<String, Double> coefficients() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int j = 0; j < features.size(); j++) {
            out.put(features.columns().get(j).name(), params.beta()[j]);
        }
        return out;
    }

    /**
     * The 2*order coefficients of one seasonality in component units (y units when additive, relative when
     * multiplicative): the units of {@link ModelOptions#pooledPriorMeans()}, to pool them across series.
     */
    public double[] seasonalityCoefficients(String name) {
        return java.util.stream.IntStream.range(0, features.size())
                .filter(j -> features.columns().get(j).source().equals(name)
                        && features.columns().get(j).kind() == Features.Kind.FOURIER)
                .mapToDouble(j -> params.beta()[j] * (features.columns().get(j).mode() == Mode.ADDITIVE ? yScale : 1))
                .toArray();
    }

    public List<LocalDateTime> changepoints() {
        return Arrays.stream(changepoints)
                .mapToObj(c -> LocalDateTime.ofEpochSecond(start + Math.round(c * tScale), 0, ZoneOffset.UTC))
                .toList();
    }

    /** Rates changes at the changepoints, scaled units. */
    public double[] deltas() {
        return params.deltas().clone();
    }

    /**
     * Prophet's make_future_dataframe: {@code periods} steps after the last history row (monthly history steps
     * by calendar months, otherwise by the inferred spacing), optionally preceded by the history's timestamps.
     */
    public Frame makeFutureFrame(int periods, LocalDateTime[] history, boolean includeHistory) {
        return makeFutureFrame(periods, naturalStep(), history, includeHistory);
    }

    public Frame makeFutureFrame(int periods, TemporalAmount step, LocalDateTime[] history, boolean includeHistory) {
        LocalDateTime[] future = new LocalDateTime[periods];
        LocalDateTime cur = last;
        for (int i = 0; i < periods; i++) {
            cur = cur.plus(step);
            future[i] = cur;
        }
        if (!includeHistory) {
            return new Frame(future, null);
        }
        LocalDateTime[] all = Arrays.copyOf(history, history.length + periods);
        System.arraycopy(future, 0, all, history.length, periods);
        return new Frame(all, null);
    }

    /**
     * Calendar months, quarters or years when the smallest spacing of the history is one (28–31, 89–92,
     * 365–366 days), else that spacing.
     */
    public TemporalAmount naturalStep() {
        long days = spacing.toDays();
        if (days >= 28 && days <= 31) {
            return Frequency.MONTHLY.step();
        } else if (days >= 89 && days <= 92) {
            return Frequency.QUARTERLY.step();
        } else if (days >= 365 && days <= 366) {
            return Frequency.YEARLY.step();
        }
        return spacing;
    }

    /**
     * This model's parameters as the starting point of a fit with {@code scaling}, {@code other} features and
     * {@code changepointCount} changepoints (see {@link Prophet#fit(Frame, FittedModel)}): the same trend and terms
     * in the other fit's units, changepoint j's rate change carried to the other's changepoint j. Null when they
     * do not correspond (other growth or transform, logistic growth, other columns or changepoint count).
     */
    double[] startFor(Scaling scaling, Features other, int changepointCount) {
        List<Features.Column> mine = features.columns();
        List<Features.Column> theirs = other.columns();
        if (scaling.growth() != options.growth()
                || scaling.growth() == Growth.LOGISTIC
                || scaling.transform() != options.transform()
                || changepointCount != changepoints.length
                || mine.size() != theirs.size()) {
            return null;
        }
        for (int j = 0; j < mine.size(); j++) {
            if (!mine.get(j).name().equals(theirs.get(j).name())
                    || mine.get(j).mode() != theirs.get(j).mode()) {
                return null;
            }
        }
        // Trend in transformed units: yScale (k tau + m + sum delta_j (tau - c_j)+), tau = (s - start) / tScale;
        // with the other's tau' = (s - start') / tScale': tau = a tau' + b.
        double a = scaling.tScale() / tScale;
        double b = (scaling.start() - start) / tScale;
        double r = yScale / scaling.yScale();
        int s = changepoints.length;
        double[] beta = params.beta();
        double[] out = new double[2 + s + beta.length];
        out[0] = params.k() * a * r;
        out[1] = (params.k() * b + params.m()) * r;
        for (int j = 0; j < s; j++) {
            out[2 + j] = params.deltas()[j] * a * r;
        }
        for (int j = 0; j < beta.length; j++) {
            out[2 + s + j] = mine.get(j).mode() == Mode.ADDITIVE ? beta[j] * r : beta[j];
        }
        return out;
    }

    public Forecast predict(Frame frame) {
        int n = frame.size();
        Scaling.Scaled scaled = scaling.apply(frame); // the fit's scaling step, with the fit's scales
        double[] t = scaled.t();
        double[] floor = scaled.floor();
        double[] cap = scaled.cap();
        double[] trendScaled =
                Trend.evaluate(options.growth(), t, cap, params.k(), params.m(), params.deltas(), changepoints);
        double[] trend = new double[n];
        for (int i = 0; i < n; i++) {
            trend[i] = scaling.unscale(trendScaled[i], floor[i]);
        }
        double[][] x = features.matrix(frame);
        Map<String, double[]> components = new LinkedHashMap<>();
        for (String name : features.componentNames()) {
            components.put(name, new double[n]);
        }
        for (int j = 0; j < features.size(); j++) {
            Features.Column col = features.columns().get(j);
            double beta = params.beta()[j] * (col.mode() == Mode.ADDITIVE ? yScale : 1);
            if (beta == 0) {
                continue;
            }
            double[] xj = x[j];
            for (String comp : col.components()) {
                double[] target = components.get(comp);
                for (int i = 0; i < n; i++) {
                    target[i] += xj[i] * beta;
                }
            }
        }
        double[] add = components.get("additive_terms");
        double[] mult = components.get("multiplicative_terms");
        double[] yhat = new double[n];
        for (int i = 0; i < n; i++) {
            yhat[i] = trend[i] * (1 + mult[i]) + add[i];
        }
        double[][] bounds = intervals(t, cap, floor, add, mult, yhat);
        Transform tf = options.transform();
        double[] lower = bounds[0];
        double[] upper = bounds[1];
        for (int i = 0; i < n; i++) {
            yhat[i] = tf.inverse(yhat[i]);
            lower[i] = tf.inverse(lower[i]);
            upper[i] = tf.inverse(upper[i]);
        }
        Map<String, double[]> all = new LinkedHashMap<>();
        all.put("trend", trend);
        all.putAll(components);
        return new Forecast(frame.ds(), yhat, lower, upper, trend, all);
    }

    /**
     * Prophet's predictive intervals: future changepoints from a Poisson process with the history's changepoint
     * rate, their rate changes from Laplace(0, mean |delta|), plus Gaussian observation noise.
     */
    private double[][] intervals(double[] t, double[] cap, double[] floor, double[] add, double[] mult, double[] yhat) {
        int n = t.length;
        int samples = options.uncertaintySamples();
        if (samples == 0) {
            return new double[][] {yhat.clone(), yhat.clone()};
        }
        double tMax = Arrays.stream(t).max().orElse(0);
        double meanAbsDelta =
                Arrays.stream(params.deltas()).map(Math::abs).average().orElse(0) + 1e-8;
        int firstFuture = 0;
        while (firstFuture < n && t[firstFuture] <= 1) {
            firstFuture++;
        }
        double[] base = Trend.evaluate(options.growth(), t, cap, params.k(), params.m(), params.deltas(), changepoints);
        double[][] draws = new double[n][samples];
        SplittableRandom random = new SplittableRandom(options.seed());
        double[] sampled = new double[n];
        for (int s = 0; s < samples; s++) {
            System.arraycopy(base, 0, sampled, 0, n);
            if (tMax > 1 && options.growth() != Growth.FLAT && changepoints.length > 0) {
                int changes = poisson(random, changepoints.length * (tMax - 1));
                if (changes > 0) {
                    double[] cps = new double[changes];
                    double[] ds = new double[changes];
                    for (int c = 0; c < changes; c++) {
                        cps[c] = 1 + random.nextDouble() * (tMax - 1);
                    }
                    Arrays.sort(cps);
                    for (int c = 0; c < changes; c++) {
                        ds[c] = laplace(random, meanAbsDelta);
                    }
                    resample(t, cap, cps, ds, firstFuture, sampled);
                }
            }
            for (int i = 0; i < n; i++) {
                double noise = random.nextGaussian() * params.sigma() * yScale;
                draws[i][s] = scaling.unscale(sampled[i], floor[i]) * (1 + mult[i]) + add[i] + noise;
            }
        }
        double q = (1 - options.intervalWidth()) / 2;
        double[] lower = new double[n];
        double[] upper = new double[n];
        for (int i = 0; i < n; i++) {
            lower[i] = Quantiles.of(draws[i], q);
            upper[i] = Quantiles.of(draws[i], 1 - q);
        }
        return new double[][] {lower, upper};
    }

    private void resample(double[] t, double[] cap, double[] cps, double[] ds, int firstFuture, double[] out) {
        if (options.growth() == Growth.LINEAR) {
            for (int i = firstFuture; i < t.length; i++) {
                for (int c = 0; c < cps.length; c++) {
                    if (t[i] >= cps[c]) {
                        out[i] += ds[c] * (t[i] - cps[c]);
                    }
                }
            }
            return;
        }
        double[] allCps = Arrays.copyOf(changepoints, changepoints.length + cps.length);
        System.arraycopy(cps, 0, allCps, changepoints.length, cps.length);
        double[] allDeltas = Arrays.copyOf(params.deltas(), allCps.length);
        System.arraycopy(ds, 0, allDeltas, changepoints.length, ds.length);
        for (int i = firstFuture; i < t.length; i++) {
            out[i] = Trend.logistic(t[i], cap[i], params.k(), params.m(), allDeltas, allCps);
        }
    }

    private static int poisson(SplittableRandom random, double lambda) {
        if (lambda > 30) {
            return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * random.nextGaussian()));
        }
        double limit = Math.exp(-lambda);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > limit);
        return k - 1;
    }

    private static double laplace(SplittableRandom random, double scale) {
        double u = random.nextDouble() - 0.5;
        return -scale * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
    }
}
