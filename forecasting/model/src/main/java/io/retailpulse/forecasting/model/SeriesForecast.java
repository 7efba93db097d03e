package io.retailpulse.forecasting.model;

/**
 * Forecast of a univariate model for steps 1..h past the end of its history: point forecast and the bounds of
 * the requested central interval.
 */
public record SeriesForecast(String model, double[] mean, double[] lower, double[] upper) {

    public int horizon() {
        return mean.length;
    }
}
