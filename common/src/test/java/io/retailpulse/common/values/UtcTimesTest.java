package io.retailpulse.common.values;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class UtcTimesTest {
    @Test
    void anInstantIsStoredAsUtcWallClockTimeAndReadBackUnchanged() {
        Instant t = Instant.parse("2026-03-29T01:30:00.123Z"); // a DST switch night in Europe: no shift
        LocalDateTime stored = UtcTimes.utc(t);
        assertEquals(LocalDateTime.parse("2026-03-29T01:30:00.123"), stored);
        assertEquals(t, UtcTimes.instant(stored));
    }

    @Test
    void aNullColumnStaysNull() {
        assertNull(UtcTimes.instant(null));
    }
}
