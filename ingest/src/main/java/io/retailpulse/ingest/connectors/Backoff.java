package io.retailpulse.ingest.connectors;

import java.time.Duration;
import java.time.Instant;

/**
 * Reconnect delays as the X API documents them for its filtered stream: network errors back off linearly
 * (+{@code network-step} per attempt up to {@code network-max}), HTTP errors exponentially from
 * {@code http-initial} up to {@code http-max}, 429s exponentially from {@code rate-limit-initial} and never
 * before the platform's rate-limit reset. A working connection resets the counters. Not thread-safe (one per
 * stream, used on its event loop).
 */
final class Backoff {
    enum Kind { NETWORK, HTTP, RATE_LIMIT }

    private final ConnectorsConfig config;
    private int network;
    private int http;
    private int rateLimit;

    Backoff(ConnectorsConfig config) {
        this.config = config;
    }

    Duration next(Kind kind, Instant retryAt, Instant now) {
        return switch (kind) {
            case NETWORK -> {
                network++;
                yield min(config.networkStep().multipliedBy(network), config.networkMax());
            }
            case HTTP -> {
                http++;
                yield exponential(config.httpInitial(), http, config.httpMax());
            }
            case RATE_LIMIT -> {
                rateLimit++;
                Duration d = exponential(config.rateLimitInitial(), rateLimit, config.rateLimitMax());
                if (retryAt != null && retryAt.isAfter(now.plus(d))) {
                    d = min(Duration.between(now, retryAt), config.rateLimitMax());
                }
                yield d;
            }
        };
    }

    void reset() {
        network = 0;
        http = 0;
        rateLimit = 0;
    }

    private static Duration exponential(Duration initial, int attempt, Duration max) {
        int shift = Math.min(attempt - 1, 30);
        return min(initial.multipliedBy(1L << shift), max);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
