package io.retailpulse.common.values;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The platform's one time rule (issue 16): {@code DATETIME} columns hold UTC wall-clock time, events and API
 * answers carry instants. Every repository converts through here.
 */
public final class UtcTimes {
    private UtcTimes() {}

    /** The UTC wall-clock time of {@code t}, as a {@code DATETIME} column stores it; null stays null. */
    public static LocalDateTime utc(Instant t) {
        return t == null ? null : LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    /** The instant of a {@code DATETIME} column's UTC wall-clock time; null stays null (nullable columns). */
    public static Instant instant(LocalDateTime t) {
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    /** Now, as a {@code DATETIME} column stores it. */
    public static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }
}
