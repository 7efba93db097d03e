package io.retailpulse.forecasting.model;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAmount;
import java.util.Arrays;
import java.util.List;

/**
 * Spacing of a series, inferred from its timestamps, with the seasonal period each spacing implies. Weekly data
 * has a yearly cycle of 52.18 weeks (365.25 / 7); the integer period used by the seasonal models is 52, and it
 * has no weekly seasonality. Monthly, quarterly and yearly steps are calendar steps (a month is not 30 days):
 * {@link #plus}, {@link #future}, {@link #stepsBetween} and {@link #onGrid} put a caller's dates on the series'
 * grid and back, so monthly dates such as 2017-01-31, 2017-02-28, 2017-03-31 are one step apart, as pandas'
 * month-end frequency treats them.
 */
public enum Frequency {
    HOURLY(24, 24, 168, Duration.ofHours(1), 0),
    DAILY(7, 7, 365.25, Duration.ofDays(1), 0),
    WEEKLY(52, 365.25 / 7, 0, Duration.ofDays(7), 0),
    MONTHLY(12, 12, 0, Period.ofMonths(1), 1),
    QUARTERLY(4, 4, 0, Period.ofMonths(3), 3),
    YEARLY(1, 1, 0, Period.ofYears(1), 12);

    private final int period;
    private final double exactPeriod;
    private final double secondPeriod;
    private final TemporalAmount step;
    /** Calendar months per step; 0 for the fixed-length spacings. */
    private final int months;

    Frequency(int period, double exactPeriod, double secondPeriod, TemporalAmount step, int months) {
        this.period = period;
        this.exactPeriod = exactPeriod;
        this.secondPeriod = secondPeriod;
        this.step = step;
        this.months = months;
    }

    /** One step: a {@link Duration} for hourly/daily/weekly, a calendar {@link Period} for monthly and longer. */
    public TemporalAmount step() {
        return step;
    }

    /** Whether a step is a calendar period (months, quarters, years) rather than a fixed duration. */
    public boolean isCalendar() {
        return months > 0;
    }

    /**
     * {@code t} moved by {@code k} steps (k may be negative). Calendar steps keep the day of the month, and a
     * month-end date stays at month ends (2017-01-31 + 1 month = 2017-02-28, + 2 months = 2017-03-31).
     */
    public LocalDateTime plus(LocalDateTime t, long k) {
        if (months == 0) {
            return t.plus(((Duration) step).multipliedBy(k));
        }
        YearMonth from = YearMonth.from(t);
        YearMonth to = from.plusMonths(k * months);
        int day = t.getDayOfMonth() == from.lengthOfMonth()
                ? to.lengthOfMonth()
                : Math.min(t.getDayOfMonth(), to.lengthOfMonth());
        return to.atDay(day).atTime(t.toLocalTime());
    }

    /** The {@code h} timestamps after {@code last}, one step apart. */
    public LocalDateTime[] future(LocalDateTime last, int h) {
        LocalDateTime[] out = new LocalDateTime[h];
        for (int k = 0; k < h; k++) {
            out[k] = plus(last, k + 1L);
        }
        return out;
    }

    /**
     * Whole steps from {@code from} to {@code to}.
     *
     * @throws IllegalArgumentException when {@code to} is not on {@code from}'s grid (e.g. 36 hours for daily data,
     *                                  or mid-month for month-end data)
     */
    public long stepsBetween(LocalDateTime from, LocalDateTime to) {
        long k;
        if (months == 0) {
            long seconds = ((Duration) step).toSeconds();
            long gap = Duration.between(from, to).toSeconds();
            k = Math.floorDiv(gap, seconds);
        } else {
            k = Math.floorDiv(ChronoUnit.MONTHS.between(YearMonth.from(from), YearMonth.from(to)), months);
        }
        // A calendar grid may start on a short month's last day (2017-02-28) and then keep the 28th: accept both.
        boolean clipped = months > 0
                && YearMonth.from(to)
                        .atDay(Math.min(from.getDayOfMonth(), YearMonth.from(to).lengthOfMonth()))
                        .atTime(from.toLocalTime())
                        .equals(to);
        if (!plus(from, k).equals(to) && !clipped) {
            throw new IllegalArgumentException(to + " is not a whole number of "
                    + name().toLowerCase(java.util.Locale.ROOT) + " steps after " + from);
        }
        return k;
    }

    /**
     * The values of a series on its regular grid, from its first to its last timestamp: {@code y[i]} at step
     * {@code stepsBetween(ds[0], ds[i])}, NaN at missing steps (for the caller to fill or refuse).
     *
     * @throws IllegalArgumentException for timestamps off the grid, out of order or repeated, or a grid over
     *                                  one million steps
     */
    public double[] onGrid(List<LocalDateTime> ds, double[] y) {
        if (ds.isEmpty() || ds.size() != y.length) {
            throw new IllegalArgumentException("need as many values as timestamps, at least one (got " + ds.size()
                    + " timestamps, " + y.length + " values)");
        }
        LocalDateTime start = ds.get(0);
        long len = stepsBetween(start, ds.get(ds.size() - 1)) + 1;
        if (len < ds.size() || len > 1_000_000) {
            throw new IllegalArgumentException(
                    "timestamps must increase by whole steps (grid of " + len + " steps for " + ds.size() + " points)");
        }
        double[] out = new double[(int) len];
        Arrays.fill(out, Double.NaN);
        long previous = -1;
        for (int i = 0; i < ds.size(); i++) {
            long k = stepsBetween(start, ds.get(i));
            if (k <= previous) {
                throw new IllegalArgumentException(
                        "timestamps must be strictly increasing: " + ds.get(i) + " at position " + i);
            }
            out[(int) k] = y[i];
            previous = k;
        }
        return out;
    }

    /** Integer seasonal period in steps (1 = no seasonality). */
    public int period() {
        return period;
    }

    /** The true cycle length in steps (52.18 for weekly data). */
    public double exactPeriod() {
        return exactPeriod;
    }

    /** A longer second cycle in steps (hourly: 168 = a week; daily: 365.25 = a year), 0 when none. */
    public double secondPeriod() {
        return secondPeriod;
    }

    /**
     * The spacing of strictly increasing timestamps, from the median gap (robust to a few missing steps):
     * up to 1.5 h hourly, 1.5 d daily, 10 d weekly, 45 d monthly, 135 d quarterly, else yearly.
     *
     * @throws IllegalArgumentException for fewer than two timestamps or a median gap under 30 minutes
     */
    public static Frequency infer(List<LocalDateTime> ds) {
        if (ds.size() < 2) {
            throw new IllegalArgumentException("at least two timestamps are needed to infer the spacing");
        }
        long[] gaps = new long[ds.size() - 1];
        for (int i = 1; i < ds.size(); i++) {
            gaps[i - 1] = Duration.between(ds.get(i - 1), ds.get(i)).toSeconds();
        }
        Arrays.sort(gaps);
        double hours = gaps[gaps.length / 2] / 3600.0;
        if (hours < 0.5) {
            throw new IllegalArgumentException(
                    "spacing under 30 minutes is not supported (median gap " + hours * 60 + " min)");
        }
        double days = hours / 24;
        if (hours <= 1.5) {
            return HOURLY;
        } else if (days <= 1.5) {
            return DAILY;
        } else if (days <= 10) {
            return WEEKLY;
        } else if (days <= 45) {
            return MONTHLY;
        } else if (days <= 135) {
            return QUARTERLY;
        }
        return YEARLY;
    }
}
