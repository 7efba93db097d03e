package io.retailpulse.forecasting.runs;

import io.retailpulse.forecasting.aggregation.SeriesKey;
import io.retailpulse.forecasting.model.Metrics;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything a run stores for one store-product: the forecast days and the backtest of the model and of
 * seasonal naive (both null when the series is too short for a backtest), and which model made the forecast
 * ({@code prophet}, or what {@code auto} chose, e.g. {@code ets+theta}).
 */
public record PairForecast(
        SeriesKey key, int trainDays, List<Day> days, Metrics model, Metrics naive, int testDays, String used) {

    /** One forecast day; components on the fitted scale. */
    public record Day(LocalDate date, double yhat, double lower, double upper, Map<String, Double> components) {}
}
