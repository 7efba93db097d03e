package io.retailpulse.forecasting.model;

/** Prophet's trend functions on scaled time (history runs from t = 0 to t = 1) and scaled y. */
final class Trend {
    private Trend() {}

    /** Piecewise-linear: rate k + sum of deltas of the changepoints passed, continuous at every changepoint. */
    static double linear(double t, double k, double m, double[] deltas, double[] changepoints) {
        double rate = k;
        double offset = m;
        for (int j = 0; j < changepoints.length; j++) {
            if (t >= changepoints[j]) {
                rate += deltas[j];
                offset -= changepoints[j] * deltas[j];
            }
        }
        return rate * t + offset;
    }

    /** Piecewise-logistic with capacity {@code cap} (scaled), offsets adjusted so the curve stays continuous. */
    static double logistic(double t, double cap, double k, double m, double[] deltas, double[] changepoints) {
        double[] gammas = logisticGammas(k, m, deltas, changepoints);
        double rate = k;
        double offset = m;
        for (int j = 0; j < changepoints.length; j++) {
            if (t >= changepoints[j]) {
                rate += deltas[j];
                offset += gammas[j];
            }
        }
        return cap / (1 + Math.exp(-rate * (t - offset)));
    }

    static double[] logisticGammas(double k, double m, double[] deltas, double[] changepoints) {
        double[] gammas = new double[changepoints.length];
        double kCum = k;
        double gammaSum = 0;
        for (int j = 0; j < changepoints.length; j++) {
            double kNext = kCum + deltas[j];
            gammas[j] = (changepoints[j] - m - gammaSum) * (1 - kCum / kNext);
            gammaSum += gammas[j];
            kCum = kNext;
        }
        return gammas;
    }

    /** The whole trend over sorted times {@code t}, in one pass for the linear case. */
    static double[] evaluate(
            Growth growth, double[] t, double[] cap, double k, double m, double[] deltas, double[] changepoints) {
        double[] out = new double[t.length];
        switch (growth) {
            case FLAT -> java.util.Arrays.fill(out, m);
            case LINEAR -> {
                if (isSorted(t) && isSorted(changepoints)) {
                    // One pass: rate and offset change as each changepoint is passed.
                    double rate = k;
                    double offset = m;
                    int j = 0;
                    for (int i = 0; i < t.length; i++) {
                        while (j < changepoints.length && t[i] >= changepoints[j]) {
                            rate += deltas[j];
                            offset -= changepoints[j] * deltas[j];
                            j++;
                        }
                        out[i] = rate * t[i] + offset;
                    }
                } else {
                    for (int i = 0; i < t.length; i++) {
                        out[i] = linear(t[i], k, m, deltas, changepoints);
                    }
                }
            }
            case LOGISTIC -> {
                double[] gammas = logisticGammas(k, m, deltas, changepoints);
                boolean sorted = isSorted(t) && isSorted(changepoints);
                double rate = k;
                double offset = m;
                int j = 0;
                for (int i = 0; i < t.length; i++) {
                    if (sorted) {
                        while (j < changepoints.length && t[i] >= changepoints[j]) {
                            rate += deltas[j];
                            offset += gammas[j];
                            j++;
                        }
                    } else {
                        rate = k;
                        offset = m;
                        for (int c = 0; c < changepoints.length; c++) {
                            if (t[i] >= changepoints[c]) {
                                rate += deltas[c];
                                offset += gammas[c];
                            }
                        }
                    }
                    out[i] = cap[i] / (1 + Math.exp(-rate * (t[i] - offset)));
                }
            }
        }
        return out;
    }

    private static boolean isSorted(double[] v) {
        for (int i = 1; i < v.length; i++) {
            if (v[i] < v[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
