package io.retailpulse.forecasting.model;

import java.util.Arrays;

/**
 * An external regressor for the statistical families ({@link RegressionForecaster}): its raw values on the
 * series' grid from the series' first step, known for as far as they go (past the history's end when future
 * values are known), shifted by {@code lag} steps: the value used at step t is {@code values[t − lag]}, so a lag
 * of k makes k more future steps known. Steps before the first lagged value take the first value. Future steps
 * past the known ones are filled by {@code fill}.
 *
 * @param values raw values from the series' first step on (at least 2), every one finite
 * @param lag    steps the regressor leads the series by (0 = same step)
 */
public record ExternalRegressor(String name, double[] values, int lag, Fill fill) {

    /** How steps without a known value are filled. */
    public enum Fill {
        /** Forecast the regressor itself with the given family (auto by default: naive, i.e. hold, is a candidate). */
        FORECAST,
        /** Hold the last known value. */
        HOLD
    }

    public ExternalRegressor {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("regressor needs a name");
        }
        if (values == null || values.length < 2) {
            throw new IllegalArgumentException("regressor " + name + " needs at least 2 values");
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("regressor " + name + " has a value that is not a finite number");
            }
        }
        if (lag < 0) {
            throw new IllegalArgumentException("regressor " + name + ": lag must be 0 or more");
        }
        values = values.clone();
        fill = fill == null ? Fill.FORECAST : fill;
    }

    public static ExternalRegressor of(String name, double[] values) {
        return new ExternalRegressor(name, values, 0, Fill.FORECAST);
    }

    public ExternalRegressor withLag(int lag) {
        return new ExternalRegressor(name, values, lag, fill);
    }

    public ExternalRegressor withFill(Fill fill) {
        return new ExternalRegressor(name, values, lag, fill);
    }

    /** Steps after {@code historyLength} with a known (lagged) value; negative when it ends before the history. */
    public int knownAhead(int historyLength) {
        return values.length + lag - historyLength;
    }

    /**
     * As it would have been known at a forecast made after {@code origin} history steps, when at the real forecast
     * (after {@code historyLength} steps) {@link #knownAhead} steps were known: the raw values cut to the same
     * reach. Backtests use it so that a fold sees no regressor value it could not have had.
     */
    public ExternalRegressor asOf(int origin, int historyLength) {
        int keep = Math.min(values.length, Math.max(2, origin + knownAhead(historyLength) - lag));
        return new ExternalRegressor(name, Arrays.copyOf(values, keep), lag, fill);
    }

    /**
     * The lagged values for steps 0 .. length−1: known ones shifted by the lag, the rest filled.
     *
     * @param forecaster the family that forecasts the regressor for {@link Fill#FORECAST}
     * @param period     the regressor's seasonal period (the series')
     */
    public double[] aligned(int length, SeriesModel forecaster, int period) {
        double[] out = new double[length];
        int known = Math.min(length, values.length + lag);
        for (int t = 0; t < known; t++) {
            out[t] = values[Math.max(0, t - lag)];
        }
        int missing = length - known;
        if (missing > 0) {
            double[] filled = fill == Fill.HOLD || forecaster == null
                    ? hold(missing)
                    : forecaster.fit(values, period).pointForecast(missing);
            System.arraycopy(filled, 0, out, known, missing);
        }
        return out;
    }

    private double[] hold(int steps) {
        double[] out = new double[steps];
        Arrays.fill(out, values[values.length - 1]);
        return out;
    }
}
