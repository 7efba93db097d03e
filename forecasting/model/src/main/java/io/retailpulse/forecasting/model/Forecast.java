package io.retailpulse.forecasting.model;

import java.time.LocalDateTime;
import java.util.Map;

/**
 * A prediction: yhat with its interval and every component (trend, each seasonality, holidays and each
 * holiday, each regressor, additive_terms, multiplicative_terms). Additive components are in y units,
 * multiplicative ones are relative factors, as in Prophet. With {@link Transform#LOG1P} yhat and its bounds
 * are back-transformed while the components stay on the log(1 + y) scale.
 */
public record Forecast(
        LocalDateTime[] ds,
        double[] yhat,
        double[] yhatLower,
        double[] yhatUpper,
        double[] trend,
        Map<String, double[]> components) {

    public int size() {
        return ds.length;
    }

    /** The row of {@code when}, or -1. */
    public int indexOf(LocalDateTime when) {
        for (int i = 0; i < ds.length; i++) {
            if (ds[i].equals(when)) {
                return i;
            }
        }
        return -1;
    }

    public double[] component(String name) {
        double[] c = components.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no component " + name + "; have " + components.keySet());
        }
        return c;
    }
}
