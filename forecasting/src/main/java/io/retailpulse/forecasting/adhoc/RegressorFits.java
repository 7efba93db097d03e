package io.retailpulse.forecasting.adhoc;

import io.retailpulse.forecasting.model.AutoForecaster;
import io.retailpulse.forecasting.model.ExternalRegressor;
import io.retailpulse.forecasting.model.Frame;
import io.retailpulse.forecasting.model.ModelOptions;
import io.retailpulse.forecasting.model.Prophet;
import io.retailpulse.forecasting.model.RegressionForecaster;
import io.retailpulse.forecasting.model.RegressorBacktest;
import io.retailpulse.forecasting.model.SeriesForecast;
import io.retailpulse.forecasting.model.SeriesModel;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ad-hoc forecasts with regressors, and the with/without backtest each answer reports. Statistical families:
 * {@link RegressionForecaster} (regression on differences, the family on the rest); {@code auto} keeps the
 * regressors of the lowest backtest error (none, one alone, or all), a named family uses all of them. The
 * Prophet-like model takes them as extra regressors (see {@link ForecastResource}). CPU work: call on a worker.
 */
final class RegressorFits {
    static final int FOLDS = 3;

    private RegressorFits() {}

    record Statistical(
            SeriesModel.FittedSeries fitted, SeriesForecast forecast, String detail, List<RegressorAnswer> answers) {}

    /**
     * @param y      the regular history (interpolated), starting at grid step {@code offset} of the regressors
     * @param select auto: use the regressors of the lowest backtest error; otherwise all
     */
    static Statistical statistical(
            double[] y,
            int offset,
            int period,
            SeriesModel family,
            boolean select,
            List<RegressorPlan.Planned> planned,
            int horizon,
            double level) {
        List<ExternalRegressor> regs =
                planned.stream().map(p -> from(p.regressor(), offset)).toList();
        // the regressors' own forecasts: auto without multi-seasonal candidates (cheaper, and a regressor's cycle
        // is the series' period)
        SeriesModel fill = new AutoForecaster(horizon);
        RegressorBacktest.Result bt = RegressorBacktest.run(
                y, regs, period, horizon, FOLDS, RegressorBacktest.statistical(y, period, family, fill));
        List<ExternalRegressor> use =
                select ? regs.stream().filter(r -> bt.best().contains(r.name())).toList() : regs;
        SeriesModel.FittedSeries fitted;
        SeriesForecast forecast;
        String detail;
        Map<String, Double> coefficients = Map.of();
        if (use.isEmpty()) {
            fitted = family.fit(y, period);
            forecast = fitted.predict(horizon, level);
            detail = fitted.describe() + " (no regressor lowered the backtest error)";
        } else {
            RegressionForecaster.Fitted rf = new RegressionForecaster(family, fill).fit(y, use, period, horizon);
            fitted = rf.residualModel();
            forecast = rf.predict(horizon, level);
            detail = rf.describe();
            coefficients = rf.coefficients();
        }
        List<RegressorAnswer> answers = new ArrayList<>();
        for (int j = 0; j < planned.size(); j++) {
            String name = regs.get(j).name();
            answers.add(answer(
                    planned.get(j),
                    regs.get(j),
                    y.length,
                    horizon,
                    coefficients.get(name),
                    bt,
                    use.contains(regs.get(j))));
        }
        return new Statistical(fitted, forecast, detail, answers);
    }

    /** The Prophet-like model's inputs with regressors: the series with them aligned, and the answers. */
    record ProphetInputs(AdHocSeries series, List<RegressorAnswer> answers) {}

    /**
     * Aligns every regressor to the series' points and future steps (lagged, filled), and backtests the Prophet-like
     * model without, with each alone (intervals off in the folds: only the point forecast is scored).
     *
     * @param optionsFor the request's model options with only the named regressors, without uncertainty samples
     */
    static ProphetInputs prophet(
            AdHocSeries s,
            List<RegressorPlan.Planned> planned,
            int horizon,
            Double cap,
            Double floor,
            java.util.function.Function<List<String>, ModelOptions> optionsFor) {
        LocalDateTime[] ds = s.ds();
        int n = ds.length;
        boolean monthEnd = s.monthEnd();
        int[] pos = new int[n];
        for (int i = 0; i < n; i++) {
            pos[i] = (int) s.spacing().index(ds[0], ds[i], monthEnd);
        }
        int gridLength = pos[n - 1] + 1;
        int period = s.spacing().frequency().period();
        SeriesModel fill = new AutoForecaster(horizon);
        Map<String, double[]> aligned = new LinkedHashMap<>();
        List<ExternalRegressor> regs =
                planned.stream().map(RegressorPlan.Planned::regressor).toList();
        for (ExternalRegressor r : regs) {
            aligned.put(r.name(), atPoints(r.aligned(gridLength + horizon, fill, period), pos, n, gridLength, horizon));
        }
        double[] yGrid = new double[gridLength];
        Arrays.fill(yGrid, Double.NaN);
        for (int i = 0; i < n; i++) {
            yGrid[pos[i]] = s.y()[i];
        }
        RegressorBacktest.Result bt = RegressorBacktest.run(yGrid, regs, period, horizon, FOLDS, (origin, known, h) -> {
            int m = 0;
            while (m < n && pos[m] < origin) {
                m++;
            }
            Frame history = new Frame(Arrays.copyOf(ds, m), Arrays.copyOf(s.y(), m));
            LocalDateTime[] steps = new LocalDateTime[h];
            for (int k = 0; k < h; k++) {
                steps[k] = s.spacing().at(ds[0], origin + k, monthEnd);
            }
            Frame future = new Frame(steps, null);
            for (ExternalRegressor r : known) {
                double[] a = r.aligned(origin + h, fill, period);
                double[] hist = new double[m];
                for (int i = 0; i < m; i++) {
                    hist[i] = a[pos[i]];
                }
                history.withRegressor(r.name(), hist);
                future.withRegressor(r.name(), Arrays.copyOfRange(a, origin, origin + h));
            }
            if (cap != null) {
                history.withCap(constant(m, cap));
                future.withCap(constant(h, cap));
            }
            if (floor != null) {
                history.withFloor(constant(m, floor));
                future.withFloor(constant(h, floor));
            }
            List<String> names = known.stream().map(ExternalRegressor::name).toList();
            return new Prophet(optionsFor.apply(names))
                    .fit(history)
                    .predict(future)
                    .yhat();
        });
        AdHocSeries withRegressors = new AdHocSeries(ds, s.y(), s.spacing(), s.datesOnly(), aligned);
        return new ProphetInputs(withRegressors, answers(planned, regs, gridLength, horizon, bt));
    }

    private static double[] atPoints(double[] grid, int[] pos, int n, int gridLength, int horizon) {
        double[] out = new double[n + horizon];
        for (int i = 0; i < n; i++) {
            out[i] = grid[pos[i]];
        }
        System.arraycopy(grid, gridLength, out, n, horizon);
        return out;
    }

    private static double[] constant(int n, double v) {
        double[] out = new double[n];
        Arrays.fill(out, v);
        return out;
    }

    /** The answers for the Prophet-like model (which uses every regressor), from its own backtest. */
    static List<RegressorAnswer> answers(
            List<RegressorPlan.Planned> planned,
            List<ExternalRegressor> onHistory,
            int historyLength,
            int horizon,
            RegressorBacktest.Result bt) {
        List<RegressorAnswer> out = new ArrayList<>();
        for (int j = 0; j < planned.size(); j++) {
            out.add(answer(planned.get(j), onHistory.get(j), historyLength, horizon, null, bt, true));
        }
        return out;
    }

    private static RegressorAnswer answer(
            RegressorPlan.Planned p,
            ExternalRegressor r,
            int historyLength,
            int horizon,
            Double coefficient,
            RegressorBacktest.Result bt,
            boolean used) {
        int known = Math.max(0, Math.min(horizon, r.knownAhead(historyLength)));
        String future = known >= horizon ? "known" : r.fill().name().toLowerCase(Locale.ROOT);
        String source = p.spec().reference() ? p.spec().source().trim().toLowerCase(Locale.ROOT) : "inline";
        Double with = finite(bt.alone().get(r.name()));
        Double without = finite(bt.without());
        return new RegressorAnswer(
                r.name(),
                source,
                r.lag(),
                future,
                known,
                used ? coefficient : null,
                with,
                without,
                with == null || without == null ? null : with < without,
                used);
    }

    private static Double finite(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }

    /** The regressor with its grid starting at step {@code offset} (where the fitted history starts). */
    static ExternalRegressor from(ExternalRegressor r, int offset) {
        if (offset == 0) {
            return r;
        }
        double[] v = Arrays.copyOfRange(r.values(), Math.min(offset, r.values().length - 2), r.values().length);
        return new ExternalRegressor(r.name(), v, r.lag(), r.fill());
    }
}
