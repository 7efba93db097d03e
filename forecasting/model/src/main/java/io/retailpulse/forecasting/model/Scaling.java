package io.retailpulse.forecasting.model;

/**
 * The one scaling step of the Prophet-like model, shared by {@link Prophet#fit} and {@link FittedModel#predict}
 * as Prophet's {@code setup_dataframe} is: time to {@code t = (ds − start) / (last − start)} (the history spans
 * 0..1), the transformed {@code y} and {@code cap} to {@code (v − floor) / yScale}. The scales are set once from
 * the history ({@link #initialize}) and reused unchanged for every frame predicted.
 *
 * @param start  epoch seconds of the first history row
 * @param tScale seconds from the first to the last history row
 * @param yScale largest |transformed y − floor| of the history (1 when all are zero)
 */
record Scaling(Growth growth, Transform transform, long start, double tScale, double yScale) {

    /** A frame in model units: {@code y} only when the frame has values (NaN where one is missing). */
    record Scaled(double[] t, double[] y, double[] floor, double[] cap) {}

    /** The scales of a history (its rows must all have a value). */
    static Scaling initialize(Frame history, ModelOptions options) {
        int n = history.size();
        double scale = 0;
        for (int i = 0; i < n; i++) {
            double floor = options.growth() == Growth.LOGISTIC ? history.floor(i) : 0;
            scale = Math.max(scale, Math.abs(options.transform().forward(history.y(i)) - floor));
        }
        long start = history.seconds(0);
        return new Scaling(
                options.growth(), options.transform(), start, history.seconds(n - 1) - start, scale == 0 ? 1 : scale);
    }

    /**
     * The frame in model units.
     *
     * @throws IllegalArgumentException for logistic growth with a cap not above the floor (as Prophet)
     */
    Scaled apply(Frame frame) {
        int n = frame.size();
        boolean logistic = growth == Growth.LOGISTIC;
        double[] t = new double[n];
        double[] floor = new double[n];
        double[] cap = logistic ? new double[n] : null;
        double[] y = frame.hasY() ? new double[n] : null;
        for (int i = 0; i < n; i++) {
            t[i] = (frame.seconds(i) - start) / tScale;
            floor[i] = logistic ? frame.floor(i) : 0;
            if (cap != null) {
                cap[i] = (frame.cap(i) - floor[i]) / yScale;
                if (!(cap[i] > 0)) {
                    throw new IllegalArgumentException("cap must be above floor at row " + i);
                }
            }
            if (y != null) {
                y[i] = (transform.forward(frame.y(i)) - floor[i]) / yScale;
            }
        }
        return new Scaled(t, y, floor, cap);
    }

    /** A model-unit level back to transformed y units: {@code v · yScale + floor}. */
    double unscale(double v, double floor) {
        return v * yScale + floor;
    }
}
