package io.retailpulse.forecasting.model;

/**
 * A model family for a regular univariate series (no missing values, equally spaced), in two named steps as
 * {@link Prophet}: {@link #fit} learns from the history, {@link FittedSeries#predict} forecasts from its end.
 * Implementations are stateless and thread-safe; fitted models are immutable.
 */
public interface SeriesModel {

    /** Short name used in answers and benchmarks: naive, snaive, ets, theta, ensemble, auto. */
    String name();

    /**
     * @param y      the history, oldest first, every value finite
     * @param period seasonal period in steps (1 = none), e.g. from {@link Frequency#period()}
     */
    FittedSeries fit(double[] y, int period);

    /** A fitted model. */
    interface FittedSeries {

        /** Family and, where it has one, the chosen form (e.g. {@code ETS(M,Ad,M)}). */
        String describe();

        /** @param level central interval width in (0, 1), e.g. 0.8 */
        SeriesForecast predict(int horizon, double level);

        /** The point forecast only (cheaper where intervals are simulated; used by cross-validation). */
        default double[] pointForecast(int horizon) {
            return predict(horizon, 0.8).mean();
        }
    }

    static void check(double[] y) {
        if (y == null || y.length < 2) {
            throw new IllegalArgumentException("a series needs at least 2 values");
        }
        for (double v : y) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("series values must be finite (fill missing values first)");
            }
        }
    }
}
