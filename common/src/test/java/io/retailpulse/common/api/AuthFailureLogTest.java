package io.retailpulse.common.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthFailureLogTest {
    @Test
    void atMostTheConfiguredLinesAMinuteAreWrittenAndTheRestAreCounted() {
        AtomicLong now = new AtomicLong();
        AuthFailureLog log = new AuthFailureLog(10, now::get);
        int written = 0;
        for (int i = 0; i < 2000; i++) {
            written += log.failure("10.0.0.1", "GET", "/api/v1/x", "wrong key") ? 1 : 0;
        }
        assertEquals(10, written);
        assertEquals(1990, log.suppressed());
        now.addAndGet(60_000_000_000L);
        assertTrue(log.failure("10.0.0.1", "GET", "/api/v1/x", "wrong key"));
        assertEquals(0, log.suppressed(), "the next line reports the count and resets it");
    }

    @Test
    void pathsCannotForgeLogLinesOrFloodThem() {
        String printable = AuthFailureLog.printable("/api/v1/x\nWARN forged line\r" + "a".repeat(1000));
        assertFalse(printable.contains("\n") || printable.contains("\r"));
        assertTrue(printable.length() <= 201);
    }
}
