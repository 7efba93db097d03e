package io.retailpulse.forecasting.model;

/** Trend shape, as Prophet's {@code growth}. */
public enum Growth {
    LINEAR,
    LOGISTIC,
    FLAT
}
