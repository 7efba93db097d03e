package io.retailpulse.forecasting.signals;

import io.retailpulse.forecasting.model.ExternalRegressor;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the ad-hoc endpoint and forecast runs share about regressors by reference: the sources, the lag bounds, the
 * future-value policies, and how values per day become an {@link ExternalRegressor}'s grid (gaps interpolated).
 */
public final class RegressorValues {
    /** The sources read from the other services' published views. */
    public static final List<String> SOURCES = List.of("signal", "sentiment", "negative_share", "complaints");

    public static final int MAX_LAG = 1000;

    private RegressorValues() {}

    /** {@code forecast} (default, also for null) or {@code hold}; anything else is refused with the reason. */
    public static ExternalRegressor.Fill fill(String regressor, String future) {
        if (future == null) {
            return ExternalRegressor.Fill.FORECAST;
        }
        return switch (future.trim().toLowerCase(Locale.ROOT)) {
            case "forecast" -> ExternalRegressor.Fill.FORECAST;
            case "hold" -> ExternalRegressor.Fill.HOLD;
            default ->
                throw new IllegalArgumentException(
                        "regressor " + regressor + ": future must be forecast or hold, not '" + future + "'");
        };
    }

    /** Null when the lag is allowed, else the reason. */
    public static String badLag(String regressor, int lag) {
        return lag < 0 || lag > MAX_LAG
                ? "regressor " + regressor + ": lag must be between 0 and " + MAX_LAG + " steps"
                : null;
    }

    /**
     * Daily values on the grid of a daily series: step 0 is {@code first}, {@code historyDays} steps of history, then
     * the known future values up to {@code horizon} more steps (a signal may have them). Days without a value are
     * interpolated. Null when fewer than 2 of the history's days have a value (then the regressor cannot be used).
     */
    public static double[] dailyGrid(Map<LocalDate, Double> byDay, LocalDate first, int historyDays, int horizon) {
        if (byDay == null) {
            return null;
        }
        double[] grid = new double[historyDays + horizon];
        Arrays.fill(grid, Double.NaN);
        int known = 0;
        int end = 0;
        for (int t = 0; t < grid.length; t++) {
            Double v = byDay.get(first.plusDays(t));
            if (v != null && Double.isFinite(v)) {
                grid[t] = v;
                known += t < historyDays ? 1 : 0;
                end = t + 1;
            }
        }
        if (known < 2) {
            return null;
        }
        grid = Arrays.copyOf(grid, Math.max(historyDays, end));
        fillGaps(grid);
        return grid;
    }

    /** Days of {@code byDay} with a value within the history: for the reason a regressor was left out. */
    public static int knownDays(Map<LocalDate, Double> byDay, LocalDate first, int historyDays) {
        if (byDay == null) {
            return 0;
        }
        LocalDate last = first.plusDays(historyDays - 1L);
        return (int) byDay.keySet().stream()
                .filter(d -> !d.isBefore(first) && !d.isAfter(last))
                .count();
    }

    /** Interior NaNs linearly interpolated, leading ones take the first value, trailing ones the last. */
    public static void fillGaps(double[] v) {
        int first = 0;
        while (first < v.length && Double.isNaN(v[first])) {
            first++;
        }
        if (first == v.length) {
            return;
        }
        Arrays.fill(v, 0, first, v[first]);
        int prev = first;
        for (int i = first + 1; i < v.length; i++) {
            if (!Double.isNaN(v[i])) {
                for (int j = prev + 1; j < i; j++) {
                    v[j] = v[prev] + (v[i] - v[prev]) * (j - prev) / (i - prev);
                }
                prev = i;
            }
        }
        Arrays.fill(v, prev + 1, v.length, v[prev]);
    }
}
