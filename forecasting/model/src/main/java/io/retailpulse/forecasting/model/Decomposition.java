package io.retailpulse.forecasting.model;

/**
 * Classical decomposition pieces shared by the model families: centred moving average, seasonal indices, the
 * seasonality test of R's {@code thetaf}, and least-squares slopes.
 */
final class Decomposition {

    private Decomposition() {}

    /**
     * Seasonal indices by classical decomposition (R's {@code decompose}): centred moving average of order m
     * (2×m for even m), detrended values averaged per position, normalised to mean 1 (multiplicative) or sum 0
     * (additive). Index j belongs to positions t ≡ j (mod m) of {@code y}. Needs at least 2m values.
     */
    static double[] seasonalIndices(double[] y, int len, int m, boolean multiplicative) {
        double[] sum = new double[m];
        int[] count = new int[m];
        int half = m / 2;
        for (int t = half; t < len - half; t++) {
            double ma;
            if (m % 2 == 0) {
                double s = 0.5 * (y[t - half] + y[t + half]);
                for (int i = t - half + 1; i < t + half; i++) {
                    s += y[i];
                }
                ma = s / m;
            } else {
                double s = 0;
                for (int i = t - half; i <= t + half; i++) {
                    s += y[i];
                }
                ma = s / m;
            }
            double d = multiplicative ? y[t] / ma : y[t] - ma;
            if (Double.isFinite(d)) {
                sum[t % m] += d;
                count[t % m]++;
            }
        }
        double[] idx = new double[m];
        double total = 0;
        for (int j = 0; j < m; j++) {
            idx[j] = count[j] == 0 ? (multiplicative ? 1 : 0) : sum[j] / count[j];
            total += idx[j];
        }
        double norm = total / m;
        for (int j = 0; j < m; j++) {
            idx[j] = multiplicative ? idx[j] / norm : idx[j] - norm;
        }
        return idx;
    }

    /**
     * R {@code thetaf}'s test: the lag-m autocorrelation is significant at 90 % two-sided (95 % one-sided) under
     * Bartlett's variance from the lower lags.
     */
    static boolean seasonal(double[] y, int m) {
        int n = y.length;
        if (m <= 1 || n < 2 * m) {
            return false;
        }
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= n;
        double c0 = 0;
        for (double v : y) {
            c0 += (v - mean) * (v - mean);
        }
        if (c0 == 0) {
            return false;
        }
        double sumSq = 0;
        double rm = 0;
        for (int lag = 1; lag <= m; lag++) {
            double c = 0;
            for (int t = lag; t < n; t++) {
                c += (y[t] - mean) * (y[t - lag] - mean);
            }
            double r = c / c0;
            if (lag < m) {
                sumSq += r * r;
            } else {
                rm = r;
            }
        }
        double stat = Math.sqrt((1 + 2 * sumSq) / n);
        return Math.abs(rm) / stat > 1.6448536269514722;
    }

    /** Least-squares intercept and slope of y[0..len) on t = 0..len-1. */
    static double[] line(double[] y, int len) {
        if (len == 1) {
            return new double[] {y[0], 0};
        }
        double tm = (len - 1) / 2.0;
        double ym = 0;
        for (int t = 0; t < len; t++) {
            ym += y[t];
        }
        ym /= len;
        double sxy = 0;
        double sxx = 0;
        for (int t = 0; t < len; t++) {
            sxy += (t - tm) * (y[t] - ym);
            sxx += (t - tm) * (t - tm);
        }
        double slope = sxy / sxx;
        return new double[] {ym - slope * tm, slope};
    }

    static boolean allPositive(double[] y) {
        for (double v : y) {
            if (!(v > 0)) {
                return false;
            }
        }
        return true;
    }
}
