package io.retailpulse.forecasting.model;

/** A smooth function to minimise: returns f(x) and writes its gradient into {@code grad}. */
@FunctionalInterface
public interface Objective {
    double evaluate(double[] x, double[] grad);
}
