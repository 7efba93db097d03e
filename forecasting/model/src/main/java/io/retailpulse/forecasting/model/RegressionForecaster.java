package io.retailpulse.forecasting.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A statistical family with external regressors, in Prophet's two steps: regression on the regressors, then the
 * family on what the regressors leave (regression with time-series errors, fitted in two stages).
 *
 * <p>Coefficients: least squares of the series' first differences on the regressors' first differences (with an
 * intercept for the drift, a tiny ridge for collinear regressors). Differencing both sides is the usual remedy when
 * the errors wander (Hyndman and Athanasopoulos, FPP3 §10.2): a slowly drifting regressor (CPI, unemployment)
 * would otherwise take the series' own level and trend and give them back as an effect. The family (auto by
 * default) is then fitted on {@code y − Σ βⱼ xⱼ}, and the forecast is its forecast plus {@code Σ βⱼ xⱼ} over the
 * horizon, with the regressors' future values known, lagged, or filled ({@link ExternalRegressor#aligned}). The
 * intervals are the family's, shifted: they do not widen for a regressor that was itself forecast.
 */
public final class RegressionForecaster {
    /** Ridge penalty on standardised differences, relative to the number of rows: only breaks exact collinearity. */
    private static final double RIDGE = 1e-6;

    private final SeriesModel family;
    private final SeriesModel fillFamily;

    /**
     * @param family     fitted on the series with the regressors' effect removed
     * @param fillFamily forecasts regressors without known future values ({@link ExternalRegressor.Fill#FORECAST})
     */
    public RegressionForecaster(SeriesModel family, SeriesModel fillFamily) {
        this.family = family;
        this.fillFamily = fillFamily;
    }

    /** Auto for the residual series and for the regressors' own forecasts. */
    public static RegressionForecaster auto(int horizon) {
        return new RegressionForecaster(new AutoForecaster(horizon), new AutoForecaster(horizon));
    }

    /**
     * @param y          the history, every value finite
     * @param regressors raw regressor values from the history's first step on
     * @param horizon    steps to forecast (the regressors are aligned and filled that far)
     */
    public Fitted fit(double[] y, List<ExternalRegressor> regressors, int period, int horizon) {
        SeriesModel.check(y);
        int n = y.length;
        int k = regressors.size();
        double[][] x = new double[k][];
        for (int j = 0; j < k; j++) {
            x[j] = regressors.get(j).aligned(n + horizon, fillFamily, period);
        }
        double[] beta = coefficients(y, x);
        double[] residual = y.clone();
        for (int j = 0; j < k; j++) {
            for (int t = 0; t < n; t++) {
                residual[t] -= beta[j] * x[j][t];
            }
        }
        Map<String, Double> named = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            named.put(regressors.get(j).name(), beta[j]);
            names.add(regressors.get(j).name());
        }
        double[] effect = new double[horizon];
        for (int j = 0; j < k; j++) {
            for (int h = 0; h < horizon; h++) {
                effect[h] += beta[j] * x[j][n + h];
            }
        }
        return new Fitted(family.fit(residual, period), named, effect, names);
    }

    /**
     * β of {@code Δy = c + Σ βⱼ Δxⱼ} by ridge-stabilised least squares on standardised columns; 0 for a regressor
     * that never changes.
     */
    static double[] coefficients(double[] y, double[][] x) {
        int n = y.length;
        int k = x.length;
        double[] beta = new double[k];
        if (k == 0 || n < 3) {
            return beta;
        }
        int rows = n - 1;
        double[][] d = new double[k][rows];
        double[] mean = new double[k];
        double[] sd = new double[k];
        for (int j = 0; j < k; j++) {
            for (int t = 1; t < n; t++) {
                d[j][t - 1] = x[j][t] - x[j][t - 1];
                mean[j] += d[j][t - 1] / rows;
            }
            for (int t = 0; t < rows; t++) {
                d[j][t] -= mean[j];
                sd[j] += d[j][t] * d[j][t];
            }
            sd[j] = Math.sqrt(sd[j] / rows);
        }
        double dyMean = 0;
        double[] dy = new double[rows];
        for (int t = 1; t < n; t++) {
            dy[t - 1] = y[t] - y[t - 1];
            dyMean += dy[t - 1] / rows;
        }
        // Normal equations of the centred, standardised columns (the centring is the intercept).
        double[][] a = new double[k][k + 1];
        for (int i = 0; i < k; i++) {
            if (sd[i] == 0) {
                a[i][i] = 1; // a constant regressor: β = 0
                continue;
            }
            for (int j = 0; j < k; j++) {
                if (sd[j] == 0) {
                    continue;
                }
                double s = 0;
                for (int t = 0; t < rows; t++) {
                    s += d[i][t] * d[j][t];
                }
                a[i][j] = s / (sd[i] * sd[j]) + (i == j ? RIDGE * rows : 0);
            }
            double s = 0;
            for (int t = 0; t < rows; t++) {
                s += d[i][t] * (dy[t] - dyMean);
            }
            a[i][k] = s / sd[i];
        }
        double[] z = solve(a);
        for (int j = 0; j < k; j++) {
            beta[j] = sd[j] == 0 ? 0 : z[j] / sd[j];
        }
        return beta;
    }

    /** Gaussian elimination with partial pivoting of an augmented k×(k+1) system (k is a handful: no library). */
    private static double[] solve(double[][] a) {
        int k = a.length;
        for (int c = 0; c < k; c++) {
            int p = c;
            for (int r = c + 1; r < k; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
                    p = r;
                }
            }
            double[] tmp = a[c];
            a[c] = a[p];
            a[p] = tmp;
            if (Math.abs(a[c][c]) < 1e-12) {
                continue;
            }
            for (int r = c + 1; r < k; r++) {
                double f = a[r][c] / a[c][c];
                for (int j = c; j <= k; j++) {
                    a[r][j] -= f * a[c][j];
                }
            }
        }
        double[] z = new double[k];
        for (int r = k - 1; r >= 0; r--) {
            double s = a[r][k];
            for (int j = r + 1; j < k; j++) {
                s -= a[r][j] * z[j];
            }
            z[r] = Math.abs(a[r][r]) < 1e-12 ? 0 : s / a[r][r];
        }
        return z;
    }

    /** The family fitted on the series without the regressors' effect, and that effect over the horizon. */
    public static final class Fitted {
        private final SeriesModel.FittedSeries residualModel;
        private final Map<String, Double> coefficients;
        private final double[] effect;
        private final List<String> names;

        Fitted(SeriesModel.FittedSeries residualModel, Map<String, Double> coefficients, double[] effect,
                List<String> names) {
            this.residualModel = residualModel;
            this.coefficients = coefficients;
            this.effect = effect;
            this.names = names;
        }

        /** Effect per unit of each regressor, in the series' units. */
        public Map<String, Double> coefficients() {
            return new LinkedHashMap<>(coefficients);
        }

        /** The family fitted on the series with the regressors' effect removed. */
        public SeriesModel.FittedSeries residualModel() {
            return residualModel;
        }

        public String describe() {
            return residualModel.describe() + " + regressors " + names;
        }

        /** Steps 1..horizon (at most the horizon given to fit). */
        public SeriesForecast predict(int horizon, double level) {
            if (horizon > effect.length) {
                throw new IllegalArgumentException("the regressors were aligned for " + effect.length + " steps only");
            }
            SeriesForecast f = residualModel.predict(horizon, level);
            return new SeriesForecast(f.model(), shift(f.mean(), horizon), shift(f.lower(), horizon),
                    shift(f.upper(), horizon));
        }

        public double[] pointForecast(int horizon) {
            return shift(residualModel.pointForecast(horizon), horizon);
        }

        private double[] shift(double[] v, int horizon) {
            if (v == null) {
                return null;
            }
            double[] out = v.clone();
            for (int h = 0; h < horizon; h++) {
                out[h] += effect[h];
            }
            return out;
        }
    }
}
