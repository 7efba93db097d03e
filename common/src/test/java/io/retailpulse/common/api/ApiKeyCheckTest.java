package io.retailpulse.common.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ApiKeyCheckTest {
    private static final String KEY = "s3cret-key";
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    static ApiKeyConfig.AuthFailures limits(int burst, Duration refill, int maxClients, int logPerMinute) {
        return new ApiKeyConfig.AuthFailures() {
            public int burst() {
                return burst;
            }

            public Duration refill() {
                return refill;
            }

            public int maxClients() {
                return maxClients;
            }

            public int logPerMinute() {
                return logPerMinute;
            }
        };
    }

    private ApiKeyCheck check(boolean protectOperability) {
        return new ApiKeyCheck(KEY, protectOperability, limits(5, Duration.ofSeconds(2), 100, 10), now::get);
    }

    private static ApiKeyCheck.Rejection wrong(ApiKeyCheck check, String address) {
        return check.check("GET", "/api/v1/models", address, "guess", null);
    }

    @Test
    void missingAndWrongKeysAreAnswered401AndTheRightKeyPassesInEitherHeader() {
        ApiKeyCheck check = check(false);
        assertEquals(
                401, check.check("GET", "/api/v1/x", "10.0.0.1", null, null).status());
        assertEquals(
                401,
                check.check("GET", "/api/v1/x", "10.0.0.1", null, "Bearer nope").status());
        assertNull(check.check("GET", "/api/v1/x", "10.0.0.1", KEY, null));
        assertNull(check.check("GET", "/api/v1/x", "10.0.0.1", null, "bearer " + KEY));
    }

    @Test
    void failuresBeyondTheBurstAreAnswered429WithRetryAfterUntilTheBucketRefills() {
        ApiKeyCheck check = check(false);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, wrong(check, "10.0.0.1").status(), "failure " + i);
        }
        ApiKeyCheck.Rejection limited = wrong(check, "10.0.0.1");
        assertEquals(429, limited.status());
        assertEquals(2, limited.retryAfterSeconds());
        assertFalse(limited.detail().contains("guess"), "the key presented is never echoed");
        for (int i = 0; i < 2000; i++) {
            assertEquals(429, wrong(check, "10.0.0.1").status());
        }
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertEquals(401, wrong(check, "10.0.0.1").status(), "one more attempt per refill period");
        assertEquals(429, wrong(check, "10.0.0.1").status());
    }

    @Test
    void validKeyTrafficIsNeverLimitedEvenFromALimitedAddressAndOtherAddressesKeepTheirBudget() {
        ApiKeyCheck check = check(false);
        for (int i = 0; i < 10_000; i++) {
            assertNull(check.check("POST", "/api/v1/feedback", "10.0.0.1", KEY, null));
        }
        for (int i = 0; i < 50; i++) {
            wrong(check, "10.0.0.1");
        }
        assertEquals(429, wrong(check, "10.0.0.1").status());
        assertNull(check.check("POST", "/api/v1/feedback", "10.0.0.1", KEY, null));
        assertEquals(401, wrong(check, "10.0.0.2").status());
    }

    @Test
    void matrixParametersAndDoubledSlashesDoNotBypassTheGuard() {
        ApiKeyCheck check = check(false);
        for (String path : new String[] {"/api", "/api/v1/x", "//api/v1/x", "/api;v=1/v1/x", "/api/;x/v1"}) {
            assertTrue(check.guarded(path), path);
            assertNotNull(check.check("GET", path, "10.0.0.3", null, null), path);
        }
        assertFalse(check.guarded("/apix"));
        assertFalse(check.guarded("/dashboard"));
    }

    @Test
    void operabilityEndpointsNeedTheKeyOnlyWhenProtectedAndHealthNeverDoes() {
        ApiKeyCheck open = check(false);
        ApiKeyCheck guarded = check(true);
        for (String path : new String[] {"/q/metrics", "/q/openapi", "/q/openapi.json", "/q/swagger-ui/index.html"}) {
            assertFalse(open.guarded(path), path);
            assertTrue(guarded.guarded(path), path);
        }
        for (String path : new String[] {"/q/health", "/q/health/live", "/q/health/ready"}) {
            assertFalse(guarded.guarded(path), path);
        }
    }

    @Test
    void autoProtectsOperabilityUnlessTheServiceListensOnLoopbackOnly() {
        assertTrue(ApiKeyGuard.loopbackOnly("127.0.0.1"));
        assertTrue(ApiKeyGuard.loopbackOnly("::1"));
        assertFalse(ApiKeyGuard.loopbackOnly("0.0.0.0"));
        assertFalse(ApiKeyGuard.loopbackOnly("no-such-host.invalid"));
    }
}
