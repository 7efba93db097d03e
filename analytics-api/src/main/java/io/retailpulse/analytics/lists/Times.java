package io.retailpulse.analytics.lists;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The owners store instants as UTC DATETIME; the API answers them as ISO instants ({@code ...Z}). */
public final class Times {
    private Times() {
    }

    public static Instant utc(LocalDateTime value) {
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
