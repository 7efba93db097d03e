package io.retailpulse.forecasting.adhoc;

import java.time.LocalDateTime;
import java.util.Map;

/**
 * A validated ad-hoc series: sorted timestamps, values (NaN = missing), its spacing, whether every ds was a
 * plain date, and regressor values for the history followed by the future steps.
 */
public record AdHocSeries(LocalDateTime[] ds, double[] y, Spacing spacing, boolean datesOnly,
        Map<String, double[]> regressors) {
}
