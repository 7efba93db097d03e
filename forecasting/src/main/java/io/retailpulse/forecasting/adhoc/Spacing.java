package io.retailpulse.forecasting.adhoc;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** The spacings the ad-hoc endpoint accepts; a series' spacing is the smallest step between its points. */
public enum Spacing {
    HOURLY(Duration.ofHours(1)), DAILY(Duration.ofDays(1)), WEEKLY(Duration.ofDays(7));

    private final Duration step;

    Spacing(Duration step) {
        this.step = step;
    }

    public Duration step() {
        return step;
    }

    public static Optional<Spacing> of(Duration d) {
        return Arrays.stream(values()).filter(s -> s.step.equals(d)).findFirst();
    }
}
