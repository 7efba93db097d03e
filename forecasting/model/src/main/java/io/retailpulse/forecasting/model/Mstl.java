package io.retailpulse.forecasting.model;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;

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

    public Mstl(double... periods) {
        if (periods.length == 0) {
            throw new IllegalArgumentException("MSTL needs at least one seasonal period");
        }
        this.periods = periods.clone();
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
        int n = y.length;
        List<Double> use = usable(n);
        double[] freqs = harmonics(use).stream().mapToDouble(Double::doubleValue).toArray();
        double[] seasonal = new double[n];
        double[] beta = new double[0];
        if (!use.isEmpty()) {
            int cols = 3 + 2 * freqs.length;
            double[][] x = new double[n][];
            for (int t = 0; t < n; t++) {
                x[t] = row(t, n, freqs, cols);
            }
            RealVector b = new QRDecomposition(new Array2DRowRealMatrix(x, false), 1e-12).getSolver()
                    .solve(new ArrayRealVector(y, false));
            beta = b.toArray();
            for (int t = 0; t < n; t++) {
                seasonal[t] = seasonalPart(x[t], beta);
            }
        }
        double[] adjusted = new double[n];
        for (int t = 0; t < n; t++) {
            adjusted[t] = y[t] - seasonal[t];
        }
        Ets.Fitted fitted = ets.apply(adjusted);
        double[] coef = beta;
        return new FittedSeries() {
            @Override
            public String describe() {
                return "mstl(" + use + ") + " + fitted.describe();
            }

            @Override
            public double[] pointForecast(int horizon) {
                double[] m = fitted.pointForecast(horizon);
                for (int k = 0; k < horizon; k++) {
                    m[k] += future(n + k, n, freqs, coef);
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
                    double s = future(n + k, n, freqs, coef);
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

    private static int order(double p) {
        return (int) Math.min(Math.floor(p / 2), 10);
    }

    /**
     * Frequencies (cycles per step) of every period's Fourier terms, each once: 168 h's 7th harmonic is 24 h's
     * first, and the same column twice would make the least-squares problem singular.
     */
    static List<Double> harmonics(List<Double> use) {
        List<Double> out = new ArrayList<>();
        for (double p : use) {
            for (int k = 1; k <= order(p); k++) {
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
