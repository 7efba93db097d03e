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

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Set;

/**
 * Ad-hoc forecasts with the statistical families (auto, ets, theta, snaive, ensemble) instead of the Prophet-like
 * model. Those need a regular grid: missing values and missing whole steps inside the history are filled by
 * linear interpolation (leading and trailing missing values are dropped). CPU work: call on a worker.
 */
@ApplicationScoped
public class EngineForecaster {

    public static final Set<String> MODELS = Set.of("auto", "ets", "theta", "snaive", "ensemble");

    /** ds of each future step, the forecast, the family used, and each candidate's backtest MASE (auto only). */
    public record Result(LocalDateTime[] ds, SeriesForecast forecast, String used, String detail,
            Map<String, Double> candidates) {
    }

    public Result forecast(AdHocSeries s, String model, int horizon, double level) {
        if (!s.regressors().isEmpty()) {
            throw new IllegalArgumentException("regressors apply to model prophet only");
        }
        Duration step = s.spacing().step();
        LocalDateTime[] ds = s.ds();
        int first = -1;
        int last = -1;
        for (int i = 0; i < ds.length; i++) {
            if (!Double.isNaN(s.y()[i])) {
                last = i;
                first = first < 0 ? i : first;
            }
        }
        LocalDateTime start = ds[first];
        int len = (int) (Duration.between(start, ds[last]).toSeconds() / step.toSeconds()) + 1;
        double[] y = new double[len];
        java.util.Arrays.fill(y, Double.NaN);
        for (int i = first; i <= last; i++) {
            y[(int) (Duration.between(start, ds[i]).toSeconds() / step.toSeconds())] = s.y()[i];
        }
        interpolate(y);
        int period = switch (s.spacing()) {
            case HOURLY -> 24;
            case DAILY -> 7;
            case WEEKLY -> 52;
        };
        SeriesModel m = switch (model) {
            case "auto" -> AutoForecaster.forFrequency(horizon, switch (s.spacing()) {
                case HOURLY -> Frequency.HOURLY;
                case DAILY -> Frequency.DAILY;
                case WEEKLY -> Frequency.WEEKLY;
            });
            case "ets" -> Ets.auto();
            case "theta" -> new Theta();
            case "snaive" -> Naive.seasonal();
            case "ensemble" -> Ensemble.etsTheta();
            default -> throw new IllegalArgumentException("model must be one of auto, prophet, ets, theta, snaive, "
                    + "ensemble: " + model);
        };
        SeriesModel.FittedSeries fitted = m.fit(y, period);
        SeriesForecast f = fitted.predict(horizon, level);
        LocalDateTime[] future = new LocalDateTime[horizon];
        for (int k = 0; k < horizon; k++) {
            future[k] = ds[last].plus(step.multipliedBy(k + 1L));
        }
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
