package io.retailpulse.common.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The decision behind {@link ApiKeyGuard}, free of HTTP types so that it is tested directly: which paths need
 * the key, whether the key presented is right, and when an address has failed too often.
 * <p>
 * Failures are limited per client address; a request with the right key always passes and costs nothing, so
 * traffic of valid clients is never limited (also when they share an address with a failing one). The key's
 * length guards against guessing (the local stack makes a random one; {@code openssl rand -hex 32} for k8s).
 */
final class ApiKeyCheck {
    static final String HEADER = "X-API-Key";
    private static final String BEARER = "Bearer ";
    private static final String[] OPERABILITY = {"/q/metrics", "/q/openapi", "/q/swagger-ui"};

    /** Why a request is turned away: 401 or 429 ({@code retryAfterSeconds} then set). */
    record Rejection(int status, String title, String detail, long retryAfterSeconds) {
        Problem problem(String instance) {
            return new Problem("about:blank", title, status, detail, instance, null);
        }
    }

    private final byte[] expected;
    private final boolean protectOperability;
    private final TokenBuckets failures;
    private final AuthFailureLog log;

    ApiKeyCheck(String key, boolean protectOperability, ApiKeyConfig.AuthFailures limits, LongSupplier nanoTime) {
        this.expected = key.getBytes(StandardCharsets.UTF_8);
        this.protectOperability = protectOperability;
        this.failures = new TokenBuckets(limits.burst(), limits.refill().toNanos(), limits.maxClients(), nanoTime);
        this.log = new AuthFailureLog(limits.logPerMinute(), nanoTime);
    }

    boolean protectsOperability() {
        return protectOperability;
    }

    /** Null when the request may go on; otherwise the answer to give. */
    Rejection check(String method, String path, String address, String apiKeyHeader, String authorization) {
        if (!guarded(path)) {
            return null;
        }
        String presented = presentedKey(apiKeyHeader, authorization);
        // Constant-time comparison so the key cannot be guessed byte by byte from response times.
        if (presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        String reason = presented == null ? "no key" : "wrong key";
        long waitNanos = failures.take(address);
        if (waitNanos > 0) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
            log.failure(address, method, path, reason + ", answered 429 (too many failures from this address)");
            return new Rejection(
                    429,
                    "Too Many Requests",
                    "Too many requests with a missing or wrong API key " + "from this address; try again in " + seconds
                            + " s.",
                    seconds);
        }
        log.failure(address, method, path, reason);
        return new Rejection(
                401,
                "Unauthorized",
                presented == null
                        ? "Missing API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'."
                        : "Invalid API key.",
                0);
    }

    /** Whether the path needs the key: {@code /api/**}, and the operability endpoints when they are protected. */
    boolean guarded(String rawPath) {
        String path = canonical(rawPath);
        if (path.equals("/api") || path.startsWith("/api/")) {
            return true;
        }
        if (protectOperability) {
            for (String prefix : OPERABILITY) {
                if (path.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The path as routes match it: without matrix parameters ({@code /api;x/v1} reaches {@code /api/v1}),
     * without empty segments ({@code //api}).
     */
    static String canonical(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder(path.length());
        boolean inParams = false;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '/') {
                inParams = false;
                if (out.length() > 0 && out.charAt(out.length() - 1) == '/') {
                    continue;
                }
                out.append(c);
            } else if (c == ';') {
                inParams = true;
            } else if (!inParams) {
                out.append(c);
            }
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    private static String presentedKey(String apiKeyHeader, String authorization) {
        if (apiKeyHeader != null && !apiKeyHeader.isBlank()) {
            return apiKeyHeader.trim();
        }
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        return null;
    }
}
