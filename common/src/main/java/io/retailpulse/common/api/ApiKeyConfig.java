package io.retailpulse.common.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code pulse.api.*}: the shared key every {@code /api/**} call must carry ({@code pulse.api.key}, env
 * {@code PULSE_API_KEY}), who else needs it, and how failed attempts are limited and logged.
 */
@ConfigMapping(prefix = "pulse.api")
public interface ApiKeyConfig {
    String key();

    /**
     * Whether {@code /q/metrics}, {@code /q/openapi} and {@code /q/swagger-ui} need the key too (env
     * {@code PULSE_API_OPERABILITY}). Health probes never do. Open by default because INTERFACES.md promises
     * that health, metrics and OpenAPI need no key (a Prometheus scrape by annotation relies on it); set
     * {@code auto} or {@code key} where {@code /q} is reachable from outside a trusted network.
     */
    @WithDefault("open")
    Operability operability();

    AuthFailures authFailures();

    enum Operability {
        /** Open when the service listens on a loopback address only (dev, tests, a local stack), else key. */
        AUTO,
        OPEN,
        KEY
    }

    /** Failed authentications, limited per client address with a token bucket. */
    interface AuthFailures {
        /** Failures an address may make in a row before it is answered 429. */
        @WithDefault("20")
        int burst();

        /** One more failure is allowed per this much time (the bucket's refill). */
        @WithDefault("2s")
        Duration refill();

        /** Addresses tracked at once; beyond that, new addresses share one bucket (memory stays bounded). */
        @WithDefault("10000")
        int maxClients();

        /** WARN lines about failures per minute; the rest are counted and reported with the next line. */
        @WithDefault("10")
        int logPerMinute();
    }
}
