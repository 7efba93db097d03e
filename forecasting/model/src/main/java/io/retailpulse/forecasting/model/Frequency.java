package io.retailpulse.forecasting.model;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Spacing of a series, inferred from its timestamps, with the seasonal period each spacing implies. Weekly data
 * has a yearly cycle of 52.18 weeks (365.25 / 7); the integer period used by the seasonal models is 52, and it
 * has no weekly seasonality.
 */
public enum Frequency {
    HOURLY(24, 24, 168),
    DAILY(7, 7, 365.25),
    WEEKLY(52, 365.25 / 7, 0),
    MONTHLY(12, 12, 0),
    QUARTERLY(4, 4, 0),
    YEARLY(1, 1, 0);

    private final int period;
    private final double exactPeriod;
    private final double secondPeriod;

    Frequency(int period, double exactPeriod, double secondPeriod) {
        this.period = period;
        this.exactPeriod = exactPeriod;
        this.secondPeriod = secondPeriod;
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
            throw new IllegalArgumentException("spacing under 30 minutes is not supported (median gap "
                    + hours * 60 + " min)");
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
