package io.retailpulse.ingest.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

    private static List<Long> seconds(
            ReconnectBackoff b, ReconnectBackoff.Kind kind, int n, Instant retryAt, Instant now) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(b.next(kind, retryAt, now).toMillis());
        }
        return out;
    }

    @Test
    void networkErrorsBackOffLinearlyBy250msUpTo16s() {
        ReconnectBackoff b = new ReconnectBackoff(TestConnectorsConfig.of(Map.of()));
        List<Long> ms = seconds(b, ReconnectBackoff.Kind.NETWORK, 70, null, now);
        assertEquals(List.of(250L, 500L, 750L, 1000L), ms.subList(0, 4));
        assertEquals(16_000L, ms.get(63));
        assertEquals(16_000L, ms.get(69), "capped at 16 s");
    }

    @Test
    void httpErrorsBackOffExponentiallyFrom5sUpTo320s() {
        ReconnectBackoff b = new ReconnectBackoff(TestConnectorsConfig.of(Map.of()));
        assertEquals(
                List.of(5_000L, 10_000L, 20_000L, 40_000L, 80_000L, 160_000L, 320_000L, 320_000L),
                seconds(b, ReconnectBackoff.Kind.HTTP, 8, null, now));
    }

    @Test
    void rateLimitsBackOffExponentiallyFrom60sAndWaitForTheReset() {
        ReconnectBackoff b = new ReconnectBackoff(TestConnectorsConfig.of(Map.of()));
        assertEquals(List.of(60_000L, 120_000L, 240_000L), seconds(b, ReconnectBackoff.Kind.RATE_LIMIT, 3, null, now));
        b.reset();
        assertEquals(
                300_000L,
                b.next(ReconnectBackoff.Kind.RATE_LIMIT, now.plusSeconds(300), now)
                        .toMillis(),
                "a reset later than the back-off is honoured");
        assertEquals(
                120_000L,
                b.next(ReconnectBackoff.Kind.RATE_LIMIT, now.plusSeconds(10), now)
                        .toMillis(),
                "an earlier reset does not shorten it");
        assertEquals(
                Duration.ofMinutes(15).toMillis(),
                b.next(ReconnectBackoff.Kind.RATE_LIMIT, now.plusSeconds(86_400), now)
                        .toMillis(),
                "bounded by rate-limit-max");
    }

    @Test
    void aWorkingConnectionStartsEveryKindOver() {
        ReconnectBackoff b = new ReconnectBackoff(TestConnectorsConfig.of(Map.of()));
        seconds(b, ReconnectBackoff.Kind.NETWORK, 5, null, now);
        seconds(b, ReconnectBackoff.Kind.HTTP, 5, null, now);
        b.reset();
        assertEquals(250L, b.next(ReconnectBackoff.Kind.NETWORK, null, now).toMillis());
        assertEquals(5_000L, b.next(ReconnectBackoff.Kind.HTTP, null, now).toMillis());
    }
}
