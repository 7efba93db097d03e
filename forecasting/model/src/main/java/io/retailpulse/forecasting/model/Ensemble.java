package io.retailpulse.forecasting.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Equal-weight combination of model families (the M3/M4 lesson: combining ETS and Theta is more accurate than
 * either on average). Default members: {@link Ets#auto()} and {@link Theta}. Bounds are the members' bounds
 * averaged.
 */
public final class Ensemble implements SeriesModel {

    private final List<SeriesModel> members;

    public Ensemble(List<SeriesModel> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs members");
        }
        this.members = List.copyOf(members);
    }

    public static Ensemble etsTheta() {
        return new Ensemble(List.of(Ets.auto(), new Theta()));
    }

    @Override
    public String name() {
        return "ensemble";
    }

    @Override
    public FittedSeries fit(double[] y, int period) {
        List<FittedSeries> fitted = new ArrayList<>();
        for (SeriesModel m : members) {
            fitted.add(m.fit(y, period));
        }
        return of(fitted);
    }

    /** Combines already fitted members, equal weights. */
    static FittedSeries of(List<FittedSeries> fitted) {
        double[] w = new double[fitted.size()];
        java.util.Arrays.fill(w, 1.0 / fitted.size());
        return weighted(fitted, w);
    }

    /** Combines already fitted members with these weights (summing to 1): means and bounds weighted alike. */
    static FittedSeries weighted(List<FittedSeries> fitted, double[] weights) {
        return new FittedSeries() {
            @Override
            public String describe() {
                StringBuilder b = new StringBuilder(equalWeights(weights) ? "mean of " : "weighted mean of ");
                boolean equal = equalWeights(weights);
                for (int i = 0; i < fitted.size(); i++) {
                    b.append(i == 0 ? "" : " + ");
                    if (!equal) {
                        b.append(String.format(java.util.Locale.ROOT, "%.2f·", weights[i]));
                    }
                    b.append(fitted.get(i).describe());
                }
                return b.toString();
            }

            @Override
            public double[] pointForecast(int horizon) {
                double[] mean = new double[horizon];
                for (int i = 0; i < fitted.size(); i++) {
                    double[] p = fitted.get(i).pointForecast(horizon);
                    for (int k = 0; k < horizon; k++) {
                        mean[k] += p[k] * weights[i];
                    }
                }
                return mean;
            }

            @Override
            public SeriesForecast predict(int horizon, double level) {
                double[] mean = new double[horizon];
                double[] lo = new double[horizon];
                double[] hi = new double[horizon];
                for (int i = 0; i < fitted.size(); i++) {
                    SeriesForecast p = fitted.get(i).predict(horizon, level);
                    for (int k = 0; k < horizon; k++) {
                        mean[k] += p.mean()[k] * weights[i];
                        lo[k] += p.lower()[k] * weights[i];
                        hi[k] += p.upper()[k] * weights[i];
                    }
                }
                return new SeriesForecast("ensemble", mean, lo, hi);
            }
        };
    }

    private static boolean equalWeights(double[] w) {
        for (double x : w) {
            if (Math.abs(x - w[0]) > 1e-12) {
                return false;
            }
        }
        return true;
    }
}
