package io.retailpulse.inference.shared;

import io.retailpulse.common.values.UtcTimes;

import java.time.Instant;
import java.time.LocalDateTime;

/**
 * Forwards to the platform's one time rule, {@link UtcTimes} in common. Kept only while scoring/ and complaints/
 * are rewritten on other branches (issue 16); after the merge their imports move to {@link UtcTimes} and this
 * class goes.
 */
@Deprecated(forRemoval = true)
public final class SqlTimes {
    private SqlTimes() {
    }

    public static LocalDateTime utc(Instant t) {
        return UtcTimes.utc(t);
    }

    public static Instant instant(LocalDateTime t) {
        return UtcTimes.instant(t);
    }
}
