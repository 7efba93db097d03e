package io.retailpulse.forecasting.aggregation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The training series of one store-product: units per day from its first sale to the run's last day. Days
 * without any record count as 0 units (no sale recorded), so the series has no gaps.
 */
public record DailySeries(SeriesKey key, LocalDate first, double[] units) {

    public int days() {
        return units.length;
    }

    public LocalDate last() {
        return first.plusDays(units.length - 1L);
    }

    public List<LocalDate> dates() {
        List<LocalDate> out = new ArrayList<>(units.length);
        for (int i = 0; i < units.length; i++) {
            out.add(first.plusDays(i));
        }
        return out;
    }

    /** From sparse daily totals (already the sum of both sources) up to {@code asOf}, zero-filled. */
    public static DailySeries of(SeriesKey key, Map<LocalDate, Long> totals, LocalDate asOf) {
        LocalDate first = totals.keySet().stream().min(LocalDate::compareTo).orElse(asOf);
        int n = (int) (asOf.toEpochDay() - first.toEpochDay()) + 1;
        double[] units = new double[Math.max(n, 0)];
        totals.forEach((d, u) -> {
            int i = (int) (d.toEpochDay() - first.toEpochDay());
            if (i >= 0 && i < units.length) {
                units[i] += u;
            }
        });
        return new DailySeries(key, first, units);
    }
}
