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

    /** Combines already fitted members. */
    static FittedSeries of(List<FittedSeries> fitted) {
        return new FittedSeries() {
            @Override
            public String describe() {
                StringBuilder b = new StringBuilder("mean of ");
                for (int i = 0; i < fitted.size(); i++) {
                    b.append(i == 0 ? "" : " + ").append(fitted.get(i).describe());
                }
                return b.toString();
            }

            @Override
            public double[] pointForecast(int horizon) {
                double[] mean = new double[horizon];
                for (FittedSeries f : fitted) {
                    double[] p = f.pointForecast(horizon);
                    for (int k = 0; k < horizon; k++) {
                        mean[k] += p[k] / fitted.size();
                    }
                }
                return mean;
            }

            @Override
            public SeriesForecast predict(int horizon, double level) {
                double[] mean = new double[horizon];
                double[] lo = new double[horizon];
                double[] hi = new double[horizon];
                for (FittedSeries f : fitted) {
                    SeriesForecast p = f.predict(horizon, level);
                    for (int k = 0; k < horizon; k++) {
                        mean[k] += p.mean()[k] / fitted.size();
                        lo[k] += p.lower()[k] / fitted.size();
                        hi[k] += p.upper()[k] / fitted.size();
                    }
                }
                return new SeriesForecast("ensemble", mean, lo, hi);
            }
        };
    }
}
