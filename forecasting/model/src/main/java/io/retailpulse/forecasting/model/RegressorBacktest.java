package io.retailpulse.forecasting.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Does a signal help? Rolling-origin backtest of one forecaster without regressors, with each regressor alone,
 * and with all of them, on the same folds as {@link AutoForecaster}'s (origins {@code n − h − i·max(1, h/2)}):
 * mean MASE over the folds, each fold's error scaled by its training part's seasonal-naive error. In a fold every
 * regressor is cut to what would have been known at that origin ({@link ExternalRegressor#asOf}), so a regressor
 * whose future is forecast is forecast in the backtest too. Missing values (NaN) are left out of the errors.
 */
public final class RegressorBacktest {

    private RegressorBacktest() {}

    /** A forecaster under test: the point forecast of the {@code horizon} steps after the first {@code origin}. */
    @FunctionalInterface
    public interface Fitter {
        double[] forecast(int origin, List<ExternalRegressor> regressors, int horizon);
    }

    /**
     * @param without mean backtest MASE without regressors
     * @param withAll with every regressor (equal to the single one's when there is one)
     * @param alone   per regressor name, with that regressor alone
     * @param best    the regressor names of the lowest error (empty: none helps)
     * @param folds   folds used; 0 when the series was too short (errors NaN, best empty)
     */
    public record Result(double without, double withAll, Map<String, Double> alone, List<String> best, int folds) {

        /** Error with the best set: what {@code auto} uses. */
        public double bestError() {
            return best.isEmpty() ? without : best.size() == alone.size() ? withAll : alone.get(best.get(0));
        }
    }

    /** The statistical families: {@code family} alone, or in a {@link RegressionForecaster} with the regressors. */
    public static Fitter statistical(double[] y, int period, SeriesModel family, SeriesModel fillFamily) {
        RegressionForecaster withRegressors = new RegressionForecaster(family, fillFamily);
        return (origin, regressors, horizon) -> {
            double[] train = Arrays.copyOf(y, origin);
            return regressors.isEmpty()
                    ? family.fit(train, period).pointForecast(horizon)
                    : withRegressors.fit(train, regressors, period, horizon).pointForecast(horizon);
        };
    }

    public static Result run(
            double[] y, List<ExternalRegressor> regressors, int period, int horizon, int folds, Fitter fitter) {
        return run(y, regressors, period, horizon, folds, Math.max(1, horizon / 2), fitter);
    }

    /**
     * The same with origins {@code n − horizon − i·step}: e.g. a short horizon (a lagged signal's reach) with
     * {@code step = horizon}, so that many folds cover a stretch of the history once each.
     */
    public static Result run(
            double[] y,
            List<ExternalRegressor> regressors,
            int period,
            int horizon,
            int folds,
            int step,
            Fitter fitter) {
        if (step < 1) {
            throw new IllegalArgumentException("step must be at least 1");
        }
        int n = y.length;
        int minTrain = Math.max(Math.max(2 * period, 8), regressors.size() + 5);
        List<Integer> origins = new ArrayList<>();
        for (int i = 0; i < folds; i++) {
            int origin = n - horizon - i * step;
            if (origin < minTrain) {
                break;
            }
            origins.add(origin);
        }
        Map<String, Double> alone = new LinkedHashMap<>();
        if (origins.isEmpty()) {
            regressors.forEach(r -> alone.put(r.name(), Double.NaN));
            return new Result(Double.NaN, Double.NaN, alone, List.of(), 0);
        }
        double without = error(y, period, horizon, origins, List.of(), fitter);
        for (ExternalRegressor r : regressors) {
            alone.put(r.name(), error(y, period, horizon, origins, List.of(r), fitter));
        }
        double withAll = regressors.size() == 1
                ? alone.get(regressors.get(0).name())
                : regressors.isEmpty() ? without : error(y, period, horizon, origins, regressors, fitter);
        List<String> best = List.of();
        double bestError = without;
        for (Map.Entry<String, Double> e : alone.entrySet()) {
            if (e.getValue() < bestError) {
                bestError = e.getValue();
                best = List.of(e.getKey());
            }
        }
        if (regressors.size() > 1 && withAll < bestError) {
            best = regressors.stream().map(ExternalRegressor::name).toList();
        }
        return new Result(without, withAll, alone, best, origins.size());
    }

    private static double error(
            double[] y,
            int period,
            int horizon,
            List<Integer> origins,
            List<ExternalRegressor> regressors,
            Fitter fitter) {
        double total = 0;
        for (int origin : origins) {
            List<ExternalRegressor> known =
                    regressors.stream().map(r -> r.asOf(origin, y.length)).toList();
            double[] f = fitter.forecast(origin, known, horizon);
            double abs = 0;
            int count = 0;
            for (int k = 0; k < horizon && origin + k < y.length; k++) {
                if (!Double.isNaN(y[origin + k])) {
                    abs += Math.abs(y[origin + k] - f[k]);
                    count++;
                }
            }
            total += count == 0 ? 0 : abs / count / scale(y, origin, period);
        }
        return total / origins.size();
    }

    /** Seasonal-naive MAE of the first {@code origin} values (naive when too short), over pairs without NaN. */
    static double scale(double[] y, int origin, int period) {
        int lag = period > 1 && origin > period ? period : 1;
        double s = 0;
        int count = 0;
        for (int t = lag; t < origin; t++) {
            if (!Double.isNaN(y[t]) && !Double.isNaN(y[t - lag])) {
                s += Math.abs(y[t] - y[t - lag]);
                count++;
            }
        }
        return count == 0 || s == 0 ? 1 : s / count;
    }
}
