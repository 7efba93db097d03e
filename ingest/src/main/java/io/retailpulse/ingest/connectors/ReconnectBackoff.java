package io.retailpulse.ingest.connectors;

import io.retailpulse.ingest.platform.Backoff;
import java.time.Duration;
import java.time.Instant;

/**
 * Reconnect delays as the X API documents them for its filtered stream: network errors back off linearly
 * (+{@code network-step} per attempt up to {@code network-max}), HTTP errors exponentially from
 * {@code http-initial} up to {@code http-max}, 429s exponentially from {@code rate-limit-initial} and never
 * before the platform's rate-limit reset. A working connection resets the counters. The exponential steps are
 * ingest's one {@link Backoff} (without jitter: the documented schedule is exact); what this class adds is one
 * attempt counter per kind of failure. Not thread-safe (one per stream, used on its event loop).
 */
final class ReconnectBackoff {
    enum Kind {
        NETWORK,
        HTTP,
        RATE_LIMIT
    }

    private final ConnectorsConfig config;
    private final Backoff httpDelays;
    private final Backoff rateLimitDelays;
    private int network;
    private int http;
    private int rateLimit;

    ReconnectBackoff(ConnectorsConfig config) {
        this.config = config;
        this.httpDelays = new Backoff(config.httpInitial(), config.httpMax(), 0);
        this.rateLimitDelays = new Backoff(config.rateLimitInitial(), config.rateLimitMax(), 0);
    }

    Duration next(Kind kind, Instant retryAt, Instant now) {
        return switch (kind) {
            case NETWORK -> {
                network++;
                yield min(config.networkStep().multipliedBy(network), config.networkMax());
            }
            case HTTP -> httpDelays.after(http++);
            case RATE_LIMIT -> {
                Duration d = rateLimitDelays.after(rateLimit++);
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

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
