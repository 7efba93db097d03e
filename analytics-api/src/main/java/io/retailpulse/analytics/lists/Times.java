package io.retailpulse.analytics.lists;

import io.retailpulse.common.values.UtcTimes;

import java.time.Instant;
import java.time.LocalDateTime;

/**
 * The owners store instants as UTC DATETIME; the API answers them as ISO instants ({@code ...Z}). Forwards to the
 * platform's one time rule, {@link UtcTimes} in common; kept only while analytics-api is rewritten on another
 * branch (issue 16): after the merge its callers use {@link UtcTimes#instant} and this class goes.
 */
@Deprecated(forRemoval = true)
public final class Times {
    private Times() {
    }

    public static Instant utc(LocalDateTime value) {
        return UtcTimes.instant(value);
    }
}
