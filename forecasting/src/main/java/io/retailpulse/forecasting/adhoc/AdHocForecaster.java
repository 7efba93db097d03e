package io.retailpulse.forecasting.adhoc;

import io.retailpulse.forecasting.model.FittedModel;
import io.retailpulse.forecasting.model.Forecast;
import io.retailpulse.forecasting.model.Frame;
import io.retailpulse.forecasting.model.ModelOptions;
import io.retailpulse.forecasting.model.Prophet;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Map;

/** Fits one ad-hoc series and forecasts {@code horizon} steps of its spacing (CPU work: call on a worker). */
@ApplicationScoped
public class AdHocForecaster {

    public Forecast forecast(
            AdHocSeries s, ModelOptions options, int horizon, boolean includeHistory, Double cap, Double floor) {
        int n = s.ds().length;
        Frame history = new Frame(s.ds(), s.y());
        for (Map.Entry<String, double[]> r : s.regressors().entrySet()) {
            history.withRegressor(r.getKey(), Arrays.copyOf(r.getValue(), n));
        }
        if (cap != null) {
            history.withCap(constant(n, cap));
        }
        if (floor != null) {
            history.withFloor(constant(n, floor));
        }
        FittedModel model = new Prophet(options).fit(history);
        // The future steps come from the series' own grid (calendar months stay on their day or on month ends).
        LocalDateTime[] steps = s.future(horizon);
        LocalDateTime[] ds = steps;
        if (includeHistory) {
            ds = Arrays.copyOf(s.ds(), n + horizon);
            System.arraycopy(steps, 0, ds, n, horizon);
        }
        Frame future = new Frame(ds, null);
        int m = future.size();
        int offset = includeHistory ? 0 : n;
        for (Map.Entry<String, double[]> r : s.regressors().entrySet()) {
            future.withRegressor(r.getKey(), Arrays.copyOfRange(r.getValue(), offset, offset + m));
        }
        if (cap != null) {
            future.withCap(constant(m, cap));
        }
        if (floor != null) {
            future.withFloor(constant(m, floor));
        }
        return model.predict(future);
    }

    private static double[] constant(int n, double v) {
        double[] out = new double[n];
        Arrays.fill(out, v);
        return out;
    }
}
