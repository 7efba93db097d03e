package io.retailpulse.forecasting.runs;

import io.retailpulse.forecasting.model.FittedModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Seasonal shapes pooled over a run's first pass: the mean yearly and weekly coefficients of the backtest fits
 * and of the full-series fits, kept apart so a backtest never sees its own held-out days.
 */
public record PooledShapes(Map<String, double[]> backtest, Map<String, double[]> full) {
    public static final PooledShapes NONE = new PooledShapes(Map.of(), Map.of());
    private static final List<String> NAMES = List.of("yearly", "weekly");

    /** Sums coefficients per seasonality and length; thread-safe. */
    public static final class Accumulator {
        private final Map<String, double[]> backtestSums = new HashMap<>();
        private final Map<String, Integer> backtestCounts = new HashMap<>();
        private final Map<String, double[]> finalSums = new HashMap<>();
        private final Map<String, Integer> finalCounts = new HashMap<>();

        public synchronized void addBacktest(FittedModel m) {
            add(m, backtestSums, backtestCounts);
        }

        public synchronized void addFinal(FittedModel m) {
            add(m, finalSums, finalCounts);
        }

        private static void add(FittedModel m, Map<String, double[]> sums, Map<String, Integer> counts) {
            for (String name : NAMES) {
                double[] c = m.seasonalityCoefficients(name);
                if (c.length == 0) {
                    continue;
                }
                // Keyed by length too: series too short for a yearly term of the configured order stay apart.
                String key = name + "/" + c.length;
                double[] sum = sums.computeIfAbsent(key, k -> new double[c.length]);
                for (int i = 0; i < c.length; i++) {
                    sum[i] += c[i];
                }
                counts.merge(key, 1, Integer::sum);
            }
        }

        public synchronized PooledShapes means() {
            return new PooledShapes(mean(backtestSums, backtestCounts), mean(finalSums, finalCounts));
        }

        private static Map<String, double[]> mean(Map<String, double[]> sums, Map<String, Integer> counts) {
            Map<String, double[]> out = new HashMap<>();
            // The longest vector per name: the shape of the series that have the full configured order.
            sums.forEach((key, sum) -> {
                String name = key.substring(0, key.indexOf('/'));
                double[] mean = sum.clone();
                int n = counts.get(key);
                for (int i = 0; i < mean.length; i++) {
                    mean[i] /= n;
                }
                out.merge(name, mean, (a, b) -> a.length >= b.length ? a : b);
            });
            return out;
        }
    }
}
