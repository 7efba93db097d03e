package io.retailpulse.forecasting.model;

/** How a component joins the trend: added to it, or scaling it ({@code trend * (1 + terms)}). */
public enum Mode {
    ADDITIVE,
    MULTIPLICATIVE
}
