package io.retailpulse.forecasting.runs;

import io.retailpulse.forecasting.aggregation.SeriesKey;
import io.retailpulse.forecasting.model.Metrics;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything a run stores for one store-product: the forecast days and the backtest of the model and of
 * seasonal naive (both null when the series is too short for a backtest), which model made the forecast
 * ({@code prophet}, or what {@code auto} chose, e.g. {@code ets+theta}), and the candidates' backtest errors
 * ({@code forecast_candidate}; empty when there was no backtest).
 */
public record PairForecast(
        SeriesKey key,
        int trainDays,
        List<Day> days,
        Metrics model,
        Metrics naive,
        int testDays,
        String used,
        List<Candidate> candidates) {

    public PairForecast {
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    /** Without candidates (callers that do not score any). */
    public PairForecast(
            SeriesKey key, int trainDays, List<Day> days, Metrics model, Metrics naive, int testDays, String used) {
        this(key, trainDays, days, model, naive, testDays, used, List.of());
    }

    /** One forecast day; components on the fitted scale. */
    public record Day(LocalDate date, double yhat, double lower, double upper, Map<String, Double> components) {}

    /**
     * One candidate model's backtest error: {@code mase} (and {@code smape} in percent where the backtest computes
     * it, else NaN); {@code chosen} for the one whose forecast is stored.
     */
    public record Candidate(String name, String backtest, double mase, double smape, boolean chosen) {
        /** auto's rolling-origin cross-validation on the series' own tail. */
        public static final String CROSS_VALIDATION = "cross-validation";
        /** The run's hold-out backtest of a fixed model (the last backtest-days days). */
        public static final String HOLDOUT = "holdout";
    }
}
