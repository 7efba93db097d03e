package io.retailpulse.forecasting.adhoc;

import io.retailpulse.common.api.ProblemException;
import io.retailpulse.forecasting.model.ExternalRegressor;
import io.retailpulse.forecasting.signals.RegressorValues;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request's regressors on the series' grid: step 0 is the first point, steps up to the last point carry the
 * history (values at missing steps interpolated linearly between their neighbours), then the known future values.
 * Inline values come from {@link AdHocSeries#regressors()} (already in the series' sorted order); references from
 * {@link RegressorSources} as values per day. Each becomes an {@link ExternalRegressor} with its lag and fill.
 */
final class RegressorPlan {
    static final int MAX_LAG = RegressorValues.MAX_LAG;

    /** One regressor as asked for, and its values on the grid from step 0. */
    record Planned(ForecastRequest.RegressorSpec spec, ExternalRegressor regressor) {
        String fillName() {
            return regressor.fill().name().toLowerCase(Locale.ROOT);
        }
    }

    private RegressorPlan() {}

    static List<Planned> plan(
            ForecastRequest request, AdHocSeries s, int horizon, Map<String, Map<LocalDate, Double>> referenced) {
        List<Planned> out = new ArrayList<>();
        if (request.regressors() == null) {
            return out;
        }
        LocalDateTime[] ds = s.ds();
        boolean monthEnd = s.monthEnd();
        int n = ds.length;
        int[] pos = new int[n];
        for (int i = 0; i < n; i++) {
            pos[i] = (int) s.spacing().index(ds[0], ds[i], monthEnd);
        }
        int gridLength = pos[n - 1] + 1;
        for (ForecastRequest.RegressorSpec spec : request.regressors()) {
            int lag = spec.lag() == null ? 0 : spec.lag();
            if (lag < 0 || lag > MAX_LAG) {
                throw bad("regressor " + spec.name() + ": lag must be between 0 and " + MAX_LAG + " steps");
            }
            ExternalRegressor.Fill fill = fill(spec);
            double[] grid;
            if (spec.reference()) {
                Map<LocalDate, Double> byDay = referenced.get(spec.name());
                grid = new double[gridLength + horizon];
                Arrays.fill(grid, Double.NaN);
                int known = 0;
                int end = 0;
                for (int t = 0; t < grid.length; t++) {
                    Double v = byDay == null
                            ? null
                            : byDay.get(s.spacing().at(ds[0], t, monthEnd).toLocalDate());
                    if (v != null) {
                        grid[t] = v;
                        known++;
                        end = t + 1;
                    }
                }
                if (known < 2) {
                    throw bad("regressor " + spec.name() + " (source " + spec.source() + ") has " + known
                            + " values on the series' days; at least 2 are needed");
                }
                // the known future of a reference reaches its last day with a value (a signal may have future
                // values, such as a weather forecast); never less than the history
                grid = Arrays.copyOf(grid, Math.max(gridLength, end));
                fillGaps(grid);
            } else {
                double[] raw = s.regressors().get(spec.name());
                grid = new double[gridLength + raw.length - n];
                Arrays.fill(grid, Double.NaN);
                for (int i = 0; i < n; i++) {
                    grid[pos[i]] = raw[i];
                }
                System.arraycopy(raw, n, grid, gridLength, raw.length - n);
                fillGaps(grid);
            }
            try {
                out.add(new Planned(spec, new ExternalRegressor(spec.name(), grid, lag, fill)));
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
        }
        return out;
    }

    private static ExternalRegressor.Fill fill(ForecastRequest.RegressorSpec spec) {
        try {
            return RegressorValues.fill(spec.name(), spec.future());
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    /** Interior NaNs linearly interpolated, leading ones take the first value, trailing ones the last. */
    static void fillGaps(double[] v) {
        RegressorValues.fillGaps(v);
    }

    private static ProblemException bad(String reason) {
        return ProblemException.badRequest(reason);
    }
}
