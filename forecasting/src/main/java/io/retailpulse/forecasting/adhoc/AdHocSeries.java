package io.retailpulse.forecasting.adhoc;

import java.time.LocalDateTime;
import java.util.Map;

/**
 * A validated ad-hoc series: sorted timestamps, values (NaN = missing), its spacing, whether every ds was a
 * plain date, and regressor values for the history followed by the future steps.
 */
public record AdHocSeries(
        LocalDateTime[] ds, double[] y, Spacing spacing, boolean datesOnly, Map<String, double[]> regressors) {

    /** Month-end series (calendar spacings): every point is the last day of its month, not all on one day. */
    public boolean monthEnd() {
        return monthEnd(ds, spacing);
    }

    static boolean monthEnd(LocalDateTime[] ds, Spacing spacing) {
        if (!spacing.calendar()) {
            return false;
        }
        boolean sameDay = true;
        for (LocalDateTime t : ds) {
            if (!Spacing.isMonthEnd(t)) {
                return false;
            }
            sameDay &= t.getDayOfMonth() == ds[0].getDayOfMonth();
        }
        return !sameDay;
    }

    /** The {@code horizon} steps after the last point. */
    public LocalDateTime[] future(int horizon) {
        boolean monthEnd = monthEnd();
        long last = spacing.index(ds[0], ds[ds.length - 1], monthEnd);
        LocalDateTime[] out = new LocalDateTime[horizon];
        for (int k = 0; k < horizon; k++) {
            out[k] = spacing.at(ds[0], last + k + 1, monthEnd);
        }
        return out;
    }
}
