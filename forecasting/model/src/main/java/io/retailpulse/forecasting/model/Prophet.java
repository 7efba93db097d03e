package io.retailpulse.forecasting.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point: a Prophet-style additive (or multiplicative) model. {@code new Prophet(options).fit(history)}
 * returns a {@link FittedModel} that makes future frames, predicts with intervals and decomposes components.
 * Plain Java, no framework; one instance may be used from one thread, fitted models are immutable.
 */
public final class Prophet {
    private static final long SECONDS_PER_DAY = 86_400;

    private final ModelOptions options;

    public Prophet(ModelOptions options) {
        this.options = options;
    }

    public Prophet() {
        this(ModelOptions.defaults());
    }

    public ModelOptions options() {
        return options;
    }

    public FittedModel fit(Frame history) {
        return fit(history, null);
    }

    /**
     * Fits starting the optimiser from the parameters of {@code warmStart}, a model fitted with the same options to
     * (a part of) the same series, e.g. a backtest's fit before the final one: the optimum is the same (within the
     * optimiser's tolerance), reached in fewer iterations. Logistic growth, or a model with other features or
     * changepoints, starts cold as {@link #fit(Frame)} does.
     */
    public FittedModel fit(Frame history, FittedModel warmStart) {
        // Rows with a missing y are skipped, as in Prophet.
        int[] keep = java.util.stream.IntStream.range(0, history.size())
                .filter(i -> !Double.isNaN(history.y(i)))
                .toArray();
        if (keep.length < 2) {
            throw new IllegalArgumentException("need at least 2 non-missing values, got " + keep.length);
        }
        Frame h = keep.length == history.size() ? history : history.rows(keep);
        int n = h.size();
        // One scaling step for fit and predict (Prophet's setup_dataframe): scales from the history, kept.
        Scaling scaling = Scaling.initialize(h, options);
        Scaling.Scaled scaled = scaling.apply(h);
        double[] t = scaled.t();
        double[] y = scaled.y();
        double[] cap = scaled.cap();
        long start = scaling.start();
        double tScale = scaling.tScale();
        double yScale = scaling.yScale();
        double[] changepoints = changepoints(h, t, start, tScale);
        List<Seasonality> seasonalities = resolveSeasonalities(h);
        Features features = Features.build(seasonalities, options, h, yScale);
        double[][] x = features.matrix(h);
        int f = features.size();
        boolean[] mult = new boolean[f];
        double[] priorScale = new double[f];
        double[] priorMean = new double[f];
        for (int j = 0; j < f; j++) {
            Features.Column c = features.columns().get(j);
            mult[j] = c.mode() == Mode.MULTIPLICATIVE;
            priorScale[j] = c.priorScale();
            priorMean[j] = c.priorMean();
        }
        double[] init = initialTrend(t, y, cap);
        double[] warm = warmStart == null ? null : warmStart.startFor(scaling, features, changepoints.length);
        MapFit fit = new MapFit(
                options.growth(),
                t,
                y,
                cap,
                changepoints,
                x,
                mult,
                priorScale,
                priorMean,
                options.changepointPriorScale());
        MapFit.Params params = warm != null ? fit.fit(warm) : fit.fit(init[0], init[1]);
        // The resolved options name the seasonalities explicitly (cross-validation refits with exactly these).
        ModelOptions resolved = options.toBuilder()
                .yearly(0)
                .weekly(0)
                .daily(0)
                .seasonalities(seasonalities)
                .build();
        return new FittedModel(
                resolved, features, params, scaling, changepoints, h.ds(0), h.ds(n - 1), minSpacing(h), n);
    }

    private double[] changepoints(Frame h, double[] t, long start, double tScale) {
        if (options.growth() == Growth.FLAT) {
            return new double[0];
        }
        if (options.changepoints() != null) {
            return options.changepoints().stream()
                    .mapToDouble(c -> (c.toEpochSecond(java.time.ZoneOffset.UTC) - start) / tScale)
                    .filter(v -> v > 0 && v < 1)
                    .sorted()
                    .toArray();
        }
        int n = t.length;
        int histSize = (int) Math.floor(n * options.changepointRange());
        int count = Math.min(options.nChangepoints(), Math.max(histSize - 1, 0));
        if (count == 0) {
            return new double[0];
        }
        // Prophet: np.linspace(0, hist_size - 1, n + 1).round(), dropping the first.
        double[] cps = new double[count];
        for (int j = 1; j <= count; j++) {
            double pos = (histSize - 1) * (double) j / count;
            cps[j - 1] = t[(int) Math.rint(pos)];
        }
        return cps;
    }

    private List<Seasonality> resolveSeasonalities(Frame h) {
        long range = h.seconds(h.size() - 1) - h.seconds(0);
        long minDt = minSpacing(h).getSeconds();
        List<Seasonality> out = new ArrayList<>();
        int yearly =
                options.yearly() == ModelOptions.AUTO ? (range < 730 * SECONDS_PER_DAY ? 0 : 10) : options.yearly();
        int weekly = options.weekly() == ModelOptions.AUTO
                ? (range < 14 * SECONDS_PER_DAY || minDt >= 7 * SECONDS_PER_DAY ? 0 : 3)
                : options.weekly();
        int daily = options.daily() == ModelOptions.AUTO
                ? (range < 2 * SECONDS_PER_DAY || minDt >= SECONDS_PER_DAY ? 0 : 4)
                : options.daily();
        double ps = options.seasonalityPriorScale();
        if (yearly > 0) {
            out.add(new Seasonality("yearly", 365.25, yearly, ps, null, null));
        }
        if (weekly > 0) {
            out.add(new Seasonality("weekly", 7, weekly, ps, null, null));
        }
        if (daily > 0) {
            out.add(new Seasonality("daily", 1, daily, ps, null, null));
        }
        for (Seasonality s : options.seasonalities()) {
            out.removeIf(o -> o.name().equals(s.name()));
            out.add(s);
        }
        return out;
    }

    static Duration minSpacing(Frame h) {
        long min = Long.MAX_VALUE;
        for (int i = 1; i < h.size(); i++) {
            min = Math.min(min, h.seconds(i) - h.seconds(i - 1));
        }
        return Duration.ofSeconds(min == Long.MAX_VALUE ? SECONDS_PER_DAY : min);
    }

    /** Prophet's initial k and m: the line through the first and last point (logistic: its own rule). */
    private double[] initialTrend(double[] t, double[] y, double[] cap) {
        int last = t.length - 1;
        switch (options.growth()) {
            case FLAT -> {
                return new double[] {0, Arrays.stream(y).average().orElse(0)};
            }
            case LOGISTIC -> {
                double c0 = cap[0];
                double c1 = cap[last];
                double y0 = Math.max(0.01 * c0, Math.min(0.99 * c0, y[0]));
                double y1 = Math.max(0.01 * c1, Math.min(0.99 * c1, y[last]));
                double r0 = c0 / y0;
                double r1 = c1 / y1;
                if (Math.abs(r0 - r1) <= 0.01) {
                    r0 = 1.05 * r0;
                }
                double l0 = Math.log(r0 - 1);
                double l1 = Math.log(r1 - 1);
                double span = t[last] - t[0];
                return new double[] {(l0 - l1) / span, l0 * span / (l0 - l1)};
            }
            default -> {
                double k = (y[last] - y[0]) / (t[last] - t[0]);
                return new double[] {k, y[0] - k * t[0]};
            }
        }
    }
}
