package io.retailpulse.analytics.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The owners store instants as UTC DATETIME; the API answers them as ISO instants ({@code ...Z}). */
final class Times {
    private Times() {
    }

    static Instant utc(LocalDateTime value) {
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
