package io.retailpulse.forecasting.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Prophet's performance_metrics: errors of cross-validation rows sorted by horizon, averaged over a rolling
 * window of {@code rollingWindow} of the rows (Prophet's rolling_mean_by_h), one row per horizon.
 */
public final class PerformanceMetrics {
    /** Metrics at one horizon. */
    public record Row(
            Duration horizon, double mse, double rmse, double mae, double mape, double smape, double coverage) {}

    private PerformanceMetrics() {}

    public static List<Row> compute(List<CrossValidation.Row> cv, double rollingWindow) {
        List<CrossValidation.Row> sorted = new ArrayList<>(cv);
        sorted.sort(Comparator.comparing(CrossValidation.Row::horizon));
        int w = Math.min(Math.max((int) (rollingWindow * sorted.size()), 1), sorted.size());
        List<Duration> hs = new ArrayList<>();
        double[] mse = rolling(sorted, w, r -> sq(r.y() - r.yhat()), hs);
        double[] mae = rolling(sorted, w, r -> Math.abs(r.y() - r.yhat()), null);
        double[] mape = rolling(sorted, w, r -> Math.abs((r.y() - r.yhat()) / r.y()), null);
        double[] smape =
                rolling(sorted, w, r -> 2 * Math.abs(r.y() - r.yhat()) / (Math.abs(r.y()) + Math.abs(r.yhat())), null);
        double[] coverage = rolling(sorted, w, r -> r.y() >= r.yhatLower() && r.y() <= r.yhatUpper() ? 1 : 0, null);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < hs.size(); i++) {
            out.add(new Row(hs.get(i), mse[i], Math.sqrt(mse[i]), mae[i], mape[i], smape[i], coverage[i]));
        }
        return out;
    }

    public static Row at(List<Row> rows, Duration horizon) {
        return rows.stream()
                .filter(r -> r.horizon().equals(horizon))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no metrics at horizon " + horizon));
    }

    private static double sq(double v) {
        return v * v;
    }

    /** rolling_mean_by_h: from the longest horizon back, the mean of the last w points, weighting partial groups. */
    private static double[] rolling(
            List<CrossValidation.Row> rows,
            int w,
            ToDoubleFunction<CrossValidation.Row> x,
            List<Duration> horizonsOut) {
        TreeMap<Duration, double[]> groups = new TreeMap<>();
        for (CrossValidation.Row r : rows) {
            double[] g = groups.computeIfAbsent(r.horizon(), k -> new double[2]);
            g[0] += x.applyAsDouble(r);
            g[1] += 1;
        }
        int m = groups.size();
        double[] xs = new double[m];
        double[] ns = new double[m];
        Duration[] hs = new Duration[m];
        int idx = 0;
        for (var e : groups.entrySet()) {
            hs[idx] = e.getKey();
            xs[idx] = e.getValue()[0];
            ns[idx] = e.getValue()[1];
            idx++;
        }
        double[] res = new double[m];
        int trailing = m - 1;
        double xSum = 0;
        double nSum = 0;
        for (int i = m - 1; i >= 0; i--) {
            xSum += xs[i];
            nSum += ns[i];
            while (nSum >= w) {
                double excessN = nSum - w;
                double excessX = excessN * xs[i] / ns[i];
                res[trailing] = (xSum - excessX) / w;
                xSum -= xs[trailing];
                nSum -= ns[trailing];
                trailing--;
            }
        }
        if (horizonsOut != null) {
            for (int i = trailing + 1; i < m; i++) {
                horizonsOut.add(hs[i]);
            }
        }
        return java.util.Arrays.copyOfRange(res, trailing + 1, m);
    }
}
