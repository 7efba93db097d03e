package io.retailpulse.forecasting.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Partial pooling of seasonal shapes across related series (not in Prophet): a first pass fits every series on
 * its own, the named seasonalities' coefficients are averaged, and a second pass refits each series with
 * those averages as prior means ({@link ModelOptions#pooledPriorMeans()}), so a short or noisy series borrows
 * the shape of its group. Works best where the shapes really are shared, e.g. with multiplicative seasonality
 * or a log transform, where the coefficients are relative and comparable across sales levels.
 */
public final class PooledSeasonality {
    private PooledSeasonality() {}

    /** The mean coefficients of each named seasonality over the first-pass fits. */
    public static Map<String, double[]> pooledMeans(List<FittedModel> fits, List<String> names) {
        Map<String, double[]> means = new HashMap<>();
        for (String name : names) {
            double[] sum = null;
            for (FittedModel f : fits) {
                double[] c = f.seasonalityCoefficients(name);
                if (sum == null) {
                    sum = new double[c.length];
                }
                for (int i = 0; i < c.length; i++) {
                    sum[i] += c[i];
                }
            }
            if (sum != null && sum.length > 0) {
                for (int i = 0; i < sum.length; i++) {
                    sum[i] /= fits.size();
                }
                means.put(name, sum);
            }
        }
        return means;
    }

    /** Options for the second pass: the first-pass options plus pooled means and their prior scale. */
    public static ModelOptions shrunk(ModelOptions first, Map<String, double[]> means, double priorScale) {
        return first.toBuilder()
                .pooledPriorMeans(means)
                .pooledPriorScale(priorScale)
                .build();
    }

    /** Both passes over a group of series, with a caller-supplied parallel map (e.g. a parallel stream). */
    public static <S> List<FittedModel> fitGroup(
            List<S> series, Function<S, Frame> frame, ModelOptions options, List<String> names, double priorScale) {
        List<FittedModel> first = series.parallelStream()
                .map(s -> new Prophet(options).fit(frame.apply(s)))
                .toList();
        ModelOptions second = shrunk(options, pooledMeans(first, names), priorScale);
        return series.parallelStream()
                .map(s -> new Prophet(second).fit(frame.apply(s)))
                .toList();
    }
}
