package io.retailpulse.inference.scoring;

/**
 * Population stability index between a reference and a recent distribution: sum of (recent - reference) ×
 * ln(recent / reference) over the bins. Rule of thumb: below 0.1 stable, 0.1–0.25 moderate shift, above 0.25 a
 * real shift. Empty bins are floored at {@link #FLOOR} so one empty bin does not make it infinite.
 */
public final class Psi {
    public static final double FLOOR = 1e-4;

    private Psi() {}

    public static double psi(double[] reference, double[] recent) {
        if (reference.length != recent.length) {
            throw new IllegalArgumentException("bins differ: " + reference.length + " vs " + recent.length);
        }
        double[] e = proportions(reference);
        double[] a = proportions(recent);
        double sum = 0;
        for (int i = 0; i < e.length; i++) {
            double ei = Math.max(e[i], FLOOR);
            double ai = Math.max(a[i], FLOOR);
            sum += (ai - ei) * Math.log(ai / ei);
        }
        return sum;
    }

    /** Counts (or weights) to proportions summing to 1; all zeros stay zeros. */
    public static double[] proportions(double[] counts) {
        double total = 0;
        for (double c : counts) {
            total += c;
        }
        double[] p = new double[counts.length];
        if (total > 0) {
            for (int i = 0; i < counts.length; i++) {
                p[i] = counts[i] / total;
            }
        }
        return p;
    }
}
