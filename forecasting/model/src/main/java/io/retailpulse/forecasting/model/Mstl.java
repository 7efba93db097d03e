package io.retailpulse.forecasting.model;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;

/**
 * Multi-seasonal decomposition and forecast for data with several cycles (hourly: 24 and 168; daily: 7 and
 * 365.25), in the spirit of statsforecast's MSTL: remove every seasonal component, forecast the adjusted series
 * with non-seasonal ETS (form by AICc), add the seasonal components back. Unlike MSTL's iterated STL (loess), the
 * seasonal components here are Fourier terms (order min(⌊P/2⌋, 10) for period P, as Prophet's) estimated jointly
 * by least squares (QR, Commons Math) together with a quadratic trend, so that a trend is not read as
 * seasonality; a period is used only when the history holds two full cycles. Intervals: ETS's, shifted by the
 * seasonal part.
 */
public final class Mstl implements SeriesModel {

    private final double[] periods;
    /** The scale the decomposition is fitted on. */
    private enum Scale {
        OWN,
        /** log y, for positive data */
        LOG,
        /** log(1 + y), for data never below zero */
        LOG1P
    }

    private final Scale scale;

    public Mstl(double... periods) {
        this(Scale.OWN, periods);
    }

    private Mstl(Scale scale, double... periods) {
        if (periods.length == 0) {
            throw new IllegalArgumentException("MSTL needs at least one seasonal period");
        }
        this.periods = periods.clone();
        this.scale = scale;
    }

    /**
     * The same decomposition on log(y) for positive data, forecasts transformed back by exp (the median): seasonal
     * effects proportional to the level (retail: a weekday's uplift grows with the season), as Prophet's
     * multiplicative mode. A series with a value ≤ 0 is fitted on its own scale.
     */
    public Mstl multiplicative() {
        return new Mstl(Scale.LOG, periods);
    }

    /**
     * The decomposition on log(1 + y) for data never below zero (counts: rentals, visits, orders), back-transformed
     * by exp(·) − 1, as the Prophet-like model's log1p: a day and week profile proportional to the level, so that
     * night hours at 1–2 % of the mean stay near zero where an additive profile, one amplitude for every level,
     * overshoots (or goes below zero) there. Zeros are allowed, unlike {@link #multiplicative()}; a series with a
     * value below zero is fitted on its own scale. Bounds back-transformed the same way (quantiles map through a
     * monotone function).
     */
    public Mstl logOnePlus() {
        return new Mstl(Scale.LOG1P, periods);
    }

    @Override
    public String name() {
        return "mstl";
    }

    /** The periods that fit twice in a history of n values. */
    List<Double> usable(int n) {
        List<Double> out = new ArrayList<>();
        for (double p : periods) {
            if (p > 1 && n >= 2 * p) {
                out.add(p);
            }
        }
        return out;
    }

    @Override
    public FittedSeries fit(double[] y, int period) {
        return fit(y, period, adjusted -> Ets.auto().fit(adjusted, 1));
    }

    /**
     * As {@link #fit(double[], int)} with the seasonally adjusted series fitted by {@code ets} (non-seasonal ETS):
     * how auto's cross-validation chooses the ETS form once and warm-starts the other folds.
     */
    FittedSeries fit(double[] y, int period, java.util.function.Function<double[], Ets.Fitted> ets) {
        SeriesModel.check(y);
        // y is finite here (checked), so "never below zero" is AutoForecaster's test
        boolean onePlus = scale == Scale.LOG1P && AutoForecaster.nonNegative(y);
        if ((scale == Scale.LOG && Decomposition.allPositive(y)) || onePlus) {
            double shift = onePlus ? 1 : 0;
            double[] ly = new double[y.length];
            for (int t = 0; t < y.length; t++) {
                ly[t] = Math.log(y[t] + shift);
            }
            FittedSeries onLog = new Mstl(Scale.OWN, periods).fit(ly, period, ets);
            return new FittedSeries() {
                @Override
                public String describe() {
                    return (onePlus ? "log1p " : "log ") + onLog.describe();
                }

                @Override
                public double[] pointForecast(int horizon) {
                    double[] m = onLog.pointForecast(horizon);
                    for (int k = 0; k < horizon; k++) {
                        m[k] = Math.exp(m[k]) - shift;
                    }
                    return m;
                }

                @Override
                public SeriesForecast predict(int horizon, double level) {
                    SeriesForecast f = onLog.predict(horizon, level);
                    double[] mean = new double[horizon];
                    double[] lo = new double[horizon];
                    double[] hi = new double[horizon];
                    for (int k = 0; k < horizon; k++) {
                        mean[k] = Math.exp(f.mean()[k]) - shift;
                        lo[k] = Math.exp(f.lower()[k]) - shift;
                        hi[k] = Math.exp(f.upper()[k]) - shift;
                    }
                    return new SeriesForecast("mstl", mean, lo, hi);
                }
            };
        }
        int n = y.length;
        List<Double> use = usable(n);
        double[] seasonal = new double[n];
        double[] beta = new double[0];
        double[] freqs = new double[0];
        if (!use.isEmpty()) {
            // Fourier order: 10 per cycle (Prophet's yearly default), or 20 for a long cycle (yearly on daily
            // data: month-to-month steps) when the least-squares fit's AICc says the extra terms pay for themselves.
            Solution best = solve(y, harmonics(use, BASE_ORDER));
            if (use.stream().anyMatch(p -> order(p, RICH_ORDER) > BASE_ORDER)) {
                try {
                    Solution rich = solve(y, harmonics(use, RICH_ORDER));
                    if (rich.aicc < best.aicc) {
                        best = rich;
                    }
                } catch (org.apache.commons.math3.linear.SingularMatrixException e) {
                    // the base order's fit stands
                }
            }
            freqs = best.freqs;
            beta = best.beta;
            int cols = beta.length;
            for (int t = 0; t < n; t++) {
                seasonal[t] = seasonalPart(row(t, n, freqs, cols), beta);
            }
        }
        double[] adjusted = new double[n];
        for (int t = 0; t < n; t++) {
            adjusted[t] = y[t] - seasonal[t];
        }
        Ets.Fitted fitted = ets.apply(adjusted);
        double[] coef = beta;
        double[] fr = freqs;
        return new FittedSeries() {
            @Override
            public String describe() {
                return "mstl(" + use + ", " + fr.length + " harmonics) + " + fitted.describe();
            }

            @Override
            public double[] pointForecast(int horizon) {
                double[] m = fitted.pointForecast(horizon);
                for (int k = 0; k < horizon; k++) {
                    m[k] += future(n + k, n, fr, coef);
                }
                return m;
            }

            @Override
            public SeriesForecast predict(int horizon, double level) {
                SeriesForecast f = fitted.predict(horizon, level);
                double[] mean = f.mean().clone();
                double[] lo = f.lower().clone();
                double[] hi = f.upper().clone();
                for (int k = 0; k < horizon; k++) {
                    double s = future(n + k, n, fr, coef);
                    mean[k] += s;
                    lo[k] += s;
                    hi[k] += s;
                }
                return new SeriesForecast("mstl", mean, lo, hi);
            }
        };
    }

    private static double future(int t, int n, double[] freqs, double[] beta) {
        if (freqs.length == 0) {
            return 0;
        }
        return seasonalPart(row(t, n, freqs, beta.length), beta);
    }

    static final int BASE_ORDER = 10;
    static final int RICH_ORDER = 20;

    private record Solution(double[] freqs, double[] beta, double aicc) {}

    /** Least squares (QR, Commons Math) of y on the quadratic trend and the Fourier terms; AICc of the fit. */
    private static Solution solve(double[] y, List<Double> harmonics) {
        int n = y.length;
        double[] freqs = harmonics.stream().mapToDouble(Double::doubleValue).toArray();
        int cols = 3 + 2 * freqs.length;
        double[][] x = new double[n][];
        for (int t = 0; t < n; t++) {
            x[t] = row(t, n, freqs, cols);
        }
        double[] beta = new QRDecomposition(new Array2DRowRealMatrix(x, false), 1e-12)
                .getSolver()
                .solve(new ArrayRealVector(y, false))
                .toArray();
        double rss = 0;
        for (int t = 0; t < n; t++) {
            double fit = 0;
            for (int c = 0; c < cols; c++) {
                fit += x[t][c] * beta[c];
            }
            rss += (y[t] - fit) * (y[t] - fit);
        }
        double aicc = n - cols - 1 > 0 && rss > 0
                ? n * Math.log(rss / n) + 2.0 * cols + 2.0 * cols * (cols + 1) / (n - cols - 1)
                : Double.POSITIVE_INFINITY;
        return new Solution(freqs, beta, aicc);
    }

    /** Harmonics below the Nyquist frequency only: k = P/2 would give an all-zero sine column (singular fit). */
    private static int order(double p, int max) {
        return (int) Math.min(Math.floor((p - 1) / 2), max);
    }

    /**
     * Frequencies (cycles per step) of every period's Fourier terms, each once: 168 h's 7th harmonic is 24 h's
     * first, and the same column twice would make the least-squares problem singular.
     */
    static List<Double> harmonics(List<Double> use) {
        return harmonics(use, BASE_ORDER);
    }

    static List<Double> harmonics(List<Double> use, int max) {
        List<Double> out = new ArrayList<>();
        for (double p : use) {
            for (int k = 1; k <= order(p, max); k++) {
                double f = k / p;
                if (out.stream().noneMatch(g -> Math.abs(g - f) < 1e-9)) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /** 1, t/n, (t/n)², then cos/sin pairs per period. */
    private static double[] row(int t, int n, double[] freqs, int cols) {
        double[] r = new double[cols];
        double s = (double) t / n;
        r[0] = 1;
        r[1] = s;
        r[2] = s * s;
        int c = 3;
        for (double f : freqs) {
            double a = 2 * Math.PI * f * t;
            r[c++] = Math.cos(a);
            r[c++] = Math.sin(a);
        }
        return r;
    }

    private static double seasonalPart(double[] row, double[] beta) {
        double s = 0;
        for (int c = 3; c < beta.length; c++) {
            s += row[c] * beta[c];
        }
        return s;
    }
}
