package io.retailpulse.forecasting.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The Prophet-like model as a {@link SeriesModel} for a regular daily series: the values are placed on consecutive
 * days from an arbitrary start (its Fourier seasonalities depend only on the spacing; no holidays are used), so
 * {@code auto} can score it beside the statistical families. Default options: {@link ModelOptions#retailDaily()}
 * (log1p, changepoint prior 0.01, yearly order 20), whose log transform needs values ≥ 0: {@link #accepts} says
 * whether a series qualifies. Point forecasts skip the sampled intervals (the fit is the same); {@link
 * FittedSeries#predict} refits with the requested width and Prophet's sampled intervals.
 */
public final class ProphetSeries implements SeriesModel {

    private static final LocalDate START = LocalDate.of(2000, 1, 1);
    private final ModelOptions options;

    public ProphetSeries(ModelOptions options) {
        this.options = options;
    }

    /** {@link ModelOptions#retailDaily()}: the options measured best per series on store-item demand. */
    public static ProphetSeries retailDaily() {
        return new ProphetSeries(ModelOptions.retailDaily().build());
    }

    @Override
    public String name() {
        return "prophet";
    }

    /** Whether the options' transform can take this series (log1p: every value ≥ 0). */
    public boolean accepts(double[] y) {
        if (options.transform() == Transform.LOG1P) {
            for (double v : y) {
                if (v < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public FittedSeries fit(double[] y, int period) {
        SeriesModel.check(y);
        if (!accepts(y)) {
            throw new IllegalArgumentException("the log1p transform needs values >= 0");
        }
        List<LocalDate> days = new ArrayList<>(y.length);
        for (int i = 0; i < y.length; i++) {
            days.add(START.plusDays(i));
        }
        Frame history = Frame.ofDates(days, y);
        FittedModel point =
                new Prophet(options.toBuilder().uncertaintySamples(0).build()).fit(history);
        return new FittedSeries() {
            @Override
            public String describe() {
                return "prophet";
            }

            @Override
            public double[] pointForecast(int horizon) {
                return point.predict(point.makeFutureFrame(horizon, history.ds(), false))
                        .yhat();
            }

            @Override
            public SeriesForecast predict(int horizon, double level) {
                FittedModel m =
                        new Prophet(options.toBuilder().intervalWidth(level).build()).fit(history);
                Forecast f = m.predict(m.makeFutureFrame(horizon, history.ds(), false));
                return new SeriesForecast("prophet", f.yhat(), f.yhatLower(), f.yhatUpper());
            }
        };
    }
}
