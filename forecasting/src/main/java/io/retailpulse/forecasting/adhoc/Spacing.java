package io.retailpulse.forecasting.adhoc;

import io.retailpulse.forecasting.model.Frequency;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Optional;

/**
 * The spacings the ad-hoc endpoint accepts. Hourly, daily and weekly are fixed durations (a series' spacing is
 * the smallest step between its points); monthly, quarterly and yearly are calendar steps of 1, 3 and 12 months
 * on one day of the month, or on month ends (2017-01-31, 2017-02-28, ...). Each maps to the model library's
 * {@link Frequency}, which gives the seasonal period (24, 7, 52, 12, 4, 1).
 */
public enum Spacing {
    HOURLY(Duration.ofHours(1), 0, Frequency.HOURLY),
    DAILY(Duration.ofDays(1), 0, Frequency.DAILY),
    WEEKLY(Duration.ofDays(7), 0, Frequency.WEEKLY),
    MONTHLY(null, 1, Frequency.MONTHLY),
    QUARTERLY(null, 3, Frequency.QUARTERLY),
    YEARLY(null, 12, Frequency.YEARLY);

    private final Duration step;
    private final int months;
    private final Frequency frequency;

    Spacing(Duration step, int months, Frequency frequency) {
        this.step = step;
        this.months = months;
        this.frequency = frequency;
    }

    /** The fixed step (hourly, daily, weekly); null for calendar spacings. */
    public Duration step() {
        return step;
    }

    /** Months per step for calendar spacings, 0 for fixed ones. */
    public int months() {
        return months;
    }

    public Frequency frequency() {
        return frequency;
    }

    public boolean calendar() {
        return step == null;
    }

    /** The fixed spacing of exactly this step, if any. */
    public static Optional<Spacing> of(Duration d) {
        return Arrays.stream(values()).filter(s -> d.equals(s.step)).findFirst();
    }

    /** The calendar spacing of this many months per step, if any. */
    public static Optional<Spacing> ofMonths(long months) {
        return Arrays.stream(values())
                .filter(s -> s.step == null && s.months == months)
                .findFirst();
    }

    /**
     * Step {@code k} of a series starting at {@code start}. Calendar steps count from the start, not from the
     * previous step, so that a day-of-month clipped in a short month (01-30 → 02-28) comes back (03-30); on
     * {@code monthEnd} series every step is the last day of its month.
     */
    public LocalDateTime at(LocalDateTime start, long k, boolean monthEnd) {
        if (step != null) {
            return start.plus(step.multipliedBy(k));
        }
        LocalDateTime t = start.plusMonths(months * k);
        return monthEnd ? t.with(TemporalAdjusters.lastDayOfMonth()) : t;
    }

    /** The k with {@code at(start, k, monthEnd) == t}, or -1 when t is not on the grid. */
    public long index(LocalDateTime start, LocalDateTime t, boolean monthEnd) {
        if (step != null) {
            long seconds = Duration.between(start, t).getSeconds();
            return seconds % step.getSeconds() == 0 ? seconds / step.getSeconds() : -1;
        }
        long elapsed = ChronoUnit.MONTHS.between(
                start.toLocalDate().withDayOfMonth(1), t.toLocalDate().withDayOfMonth(1));
        if (elapsed % months != 0) {
            return -1;
        }
        long k = elapsed / months;
        return at(start, k, monthEnd).equals(t) ? k : -1;
    }

    static boolean isMonthEnd(LocalDateTime t) {
        return t.getDayOfMonth() == t.toLocalDate().lengthOfMonth();
    }
}
