package io.retailpulse.forecasting.model;

/** Quantiles with numpy's default linear interpolation, by selection (O(n), no full sort). */
final class Quantiles {
    private Quantiles() {}

    /** The q-quantile of {@code values}; reorders the array. */
    static double of(double[] values, double q) {
        double pos = q * (values.length - 1);
        int lo = (int) Math.floor(pos);
        double a = select(values, lo);
        if (lo + 1 >= values.length || pos == lo) {
            return a;
        }
        // After select(lo), the (lo+1)-th smallest is the minimum of the upper part.
        double b = Double.POSITIVE_INFINITY;
        for (int i = lo + 1; i < values.length; i++) {
            b = Math.min(b, values[i]);
        }
        return a + (pos - lo) * (b - a);
    }

    /** Hoare quickselect: puts the k-th smallest at k, smaller ones before it, larger ones after. */
    static double select(double[] v, int k) {
        int left = 0;
        int right = v.length - 1;
        while (right > left) {
            double pivot = median3(v[left], v[(left + right) >>> 1], v[right]);
            int i = left;
            int j = right;
            while (i <= j) {
                while (v[i] < pivot) {
                    i++;
                }
                while (v[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double tmp = v[i];
                    v[i] = v[j];
                    v[j] = tmp;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                right = j;
            } else if (k >= i) {
                left = i;
            } else {
                break;
            }
        }
        return v[k];
    }

    private static double median3(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
