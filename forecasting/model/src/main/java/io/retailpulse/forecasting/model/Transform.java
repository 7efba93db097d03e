package io.retailpulse.forecasting.model;

/**
 * Optional transform of y before fitting (not in Prophet). {@code LOG1P} fits log(1 + y), which turns a
 * multiplicative count series into an additive one, and maps forecasts and interval bounds back with expm1.
 */
public enum Transform {
    NONE,
    LOG1P;

    double forward(double y) {
        return this == LOG1P ? Math.log1p(Math.max(y, 0)) : y;
    }

    double inverse(double v) {
        return this == LOG1P ? Math.expm1(v) : v;
    }
}
