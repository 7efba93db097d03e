package io.retailpulse.common.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code pulse.database.*}: how long an HTTP request and a health probe wait for MySQL before giving up. The
 * reactive MySQL client has no statement timeout, and a frozen server (SIGSTOP, a dead link without RST) keeps a
 * query waiting for ever; these bounds turn that into a 503 or a DOWN probe instead of a hanging answer.
 */
@ConfigMapping(prefix = "pulse.database")
public interface DatabaseConfig {
    /** Longest wait for the database on behalf of one HTTP request; then 503 with {@code Retry-After}. */
    @WithDefault("5s")
    Duration timeout();

    /** Longest wait of the readiness probe's {@code SELECT 1}; then the probe answers DOWN. */
    @WithDefault("2s")
    Duration probeTimeout();

    /** The {@code Retry-After} of a 503 caused by an unavailable database or a dependency that timed out. */
    @WithDefault("5s")
    Duration retryAfter();
}
