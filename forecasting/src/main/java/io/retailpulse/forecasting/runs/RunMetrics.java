package io.retailpulse.forecasting.runs;

import io.retailpulse.forecasting.model.Metrics;

/**
 * Running means of the backtest metrics over a run's pairs, for the model and for seasonal naive. Thread-safe
 * (pairs finish on several workers).
 */
public final class RunMetrics {
    private int count;
    private final double[] model = new double[6];
    private final double[] naive = new double[4];
    private final int[] modelFinite = new int[6];
    private final int[] naiveFinite = new int[4];

    /** Means of one run, null fields when nothing was backtested. */
    public record Summary(
            int backtested,
            Double modelMae,
            Double modelRmse,
            Double modelSmape,
            Double modelMase,
            Double modelR2,
            Double modelCoverage,
            Double naiveMae,
            Double naiveRmse,
            Double naiveSmape,
            Double naiveMase) {}

    public synchronized void add(Metrics m, Metrics n) {
        if (m == null || n == null) {
            return;
        }
        count++;
        add(model, modelFinite, new double[] {m.mae(), m.rmse(), m.smape(), m.mase(), m.r2(), m.coverage()});
        add(naive, naiveFinite, new double[] {n.mae(), n.rmse(), n.smape(), n.mase()});
    }

    private static void add(double[] sums, int[] counts, double[] values) {
        for (int i = 0; i < values.length; i++) {
            // MASE and R2 are undefined on constant series: those pairs are left out of that mean only.
            if (Double.isFinite(values[i])) {
                sums[i] += values[i];
                counts[i]++;
            }
        }
    }

    public synchronized Summary summary() {
        return new Summary(
                count,
                mean(model, modelFinite, 0),
                mean(model, modelFinite, 1),
                mean(model, modelFinite, 2),
                mean(model, modelFinite, 3),
                mean(model, modelFinite, 4),
                mean(model, modelFinite, 5),
                mean(naive, naiveFinite, 0),
                mean(naive, naiveFinite, 1),
                mean(naive, naiveFinite, 2),
                mean(naive, naiveFinite, 3));
    }

    private static Double mean(double[] sums, int[] counts, int i) {
        return counts[i] == 0 ? null : sums[i] / counts[i];
    }
}
