package io.retailpulse.forecasting.adhoc;

import io.retailpulse.forecasting.model.AutoForecaster;
import io.retailpulse.forecasting.model.Ensemble;
import io.retailpulse.forecasting.model.Ets;
import io.retailpulse.forecasting.model.Frequency;
import io.retailpulse.forecasting.model.Naive;
import io.retailpulse.forecasting.model.SeriesForecast;
import io.retailpulse.forecasting.model.SeriesModel;
import io.retailpulse.forecasting.model.Theta;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * Ad-hoc forecasts with the statistical families (auto, ets, theta, snaive, ensemble) instead of the Prophet-like
 * model. Those need a regular grid: missing values and missing whole steps inside the history are filled by
 * linear interpolation (leading and trailing missing values are dropped). CPU work: call on a worker.
 */
@ApplicationScoped
public class EngineForecaster {

    /** ds of each future step, the forecast, the family used, and each candidate's backtest MASE (auto only). */
    public record Result(
            LocalDateTime[] ds,
            SeriesForecast forecast,
            String used,
            String detail,
            Map<String, Double> candidates,
            List<RegressorAnswer> regressors) {

        public Result(
                LocalDateTime[] ds,
                SeriesForecast forecast,
                String used,
                String detail,
                Map<String, Double> candidates) {
            this(ds, forecast, used, detail, candidates, null);
        }
    }

    public Result forecast(AdHocSeries s, String model, int horizon, double level) {
        return forecast(s, model, horizon, level, List.of());
    }

    /** With regressors on the series' grid ({@link RegressorPlan}): see {@link RegressorFits#statistical}. */
    Result forecast(AdHocSeries s, String model, int horizon, double level, List<RegressorPlan.Planned> planned) {
        LocalDateTime[] ds = s.ds();
        int first = -1;
        int last = -1;
        for (int i = 0; i < ds.length; i++) {
            if (!Double.isNaN(s.y()[i])) {
                last = i;
                first = first < 0 ? i : first;
            }
        }
        // Grid positions count steps of the spacing (calendar months for monthly, quarterly and yearly series).
        boolean monthEnd = s.monthEnd();
        int offset = (int) s.spacing().index(ds[0], ds[first], monthEnd);
        int len = (int) s.spacing().index(ds[0], ds[last], monthEnd) - offset + 1;
        double[] y = new double[len];
        java.util.Arrays.fill(y, Double.NaN);
        for (int i = first; i <= last; i++) {
            y[(int) s.spacing().index(ds[0], ds[i], monthEnd) - offset] = s.y()[i];
        }
        interpolate(y);
        // The model library's Frequency gives the seasonal period: 24, 7, 52, 12, 4 or 1 (none, yearly data).
        Frequency frequency = s.spacing().frequency();
        int period = frequency.period();
        SeriesModel m = switch (model) {
            case "auto" -> AutoForecaster.forFrequency(horizon, frequency);
            case "ets" -> Ets.auto();
            case "theta" -> new Theta();
            case "snaive" -> Naive.seasonal();
            case "ensemble" -> Ensemble.etsTheta();
            default ->
                throw new IllegalArgumentException(
                        "model must be one of auto, prophet, ets, theta, snaive, " + "ensemble: " + model);
        };
        if (!planned.isEmpty()) {
            RegressorFits.Statistical r =
                    RegressorFits.statistical(y, offset, period, m, model.equals("auto"), planned, horizon, level);
            LocalDateTime[] future = new AdHocSeries(
                            java.util.Arrays.copyOf(ds, last + 1), null, s.spacing(), s.datesOnly(), Map.of())
                    .future(horizon);
            String used = r.fitted() instanceof AutoForecaster.Fitted a ? a.chosen() : model;
            Map<String, Double> candidates = r.fitted() instanceof AutoForecaster.Fitted a ? a.candidates() : null;
            return new Result(future, r.forecast(), used, r.detail(), candidates, r.answers());
        }
        SeriesModel.FittedSeries fitted;
        try {
            fitted = m.fit(y, period);
        } catch (IllegalArgumentException e) {
            // ETS (alone or in the ensemble) has a minimum length; say which families forecast shorter series.
            throw model.equals("ets") || model.equals("ensemble")
                    ? new IllegalArgumentException(
                            model + ": " + e.getMessage() + "; auto, theta and snaive forecast series this short", e)
                    : e;
        }
        SeriesForecast f = fitted.predict(horizon, level);
        // Trailing missing values were dropped from the fit: the forecast starts after the last value.
        LocalDateTime[] future = new AdHocSeries(
                        java.util.Arrays.copyOf(ds, last + 1), null, s.spacing(), s.datesOnly(), Map.of())
                .future(horizon);
        String used = model;
        Map<String, Double> candidates = null;
        if (fitted instanceof AutoForecaster.Fitted a) {
            used = a.chosen();
            candidates = a.candidates();
        }
        return new Result(future, f, used, fitted.describe(), candidates);
    }

    /** Linear interpolation of interior NaNs (the ends are finite by construction). */
    static void interpolate(double[] y) {
        int prev = 0;
        for (int i = 1; i < y.length; i++) {
            if (!Double.isNaN(y[i])) {
                for (int j = prev + 1; j < i; j++) {
                    y[j] = y[prev] + (y[i] - y[prev]) * (j - prev) / (i - prev);
                }
                prev = i;
            }
        }
    }
}
