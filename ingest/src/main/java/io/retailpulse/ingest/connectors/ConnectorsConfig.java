package io.retailpulse.ingest.connectors;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code pulse.connectors.*} (env {@code PULSE_CONNECTORS_*}): what every social stream connector shares. The
 * back-off defaults are the ones the X API documents for its filtered stream; tests shrink them.
 */
@ConfigMapping(prefix = "pulse.connectors")
public interface ConnectorsConfig {
    /** Start every configured connector when ingest starts (a connector without its settings never starts). */
    @WithDefault("true")
    boolean autostart();

    /** No byte (data or keep-alive) for this long: the stream is stalled and is reconnected. */
    @WithDefault("30s")
    Duration stallTimeout();

    /** TCP connect timeout of the streaming HTTP client. */
    @WithDefault("10s")
    Duration connectTimeout();

    /** Network errors (refused, reset, ended, stalled): linear back-off, + this per attempt... */
    @WithDefault("250ms")
    Duration networkStep();

    /** ...up to this. */
    @WithDefault("16s")
    Duration networkMax();

    /** HTTP errors other than 429: exponential back-off from this... */
    @WithDefault("5s")
    Duration httpInitial();

    /** ...up to this. */
    @WithDefault("320s")
    Duration httpMax();

    /** HTTP 429: exponential from this, and never before the platform's rate-limit reset... */
    @WithDefault("60s")
    Duration rateLimitInitial();

    /** ...up to this (X's rate-limit windows are 15 minutes). */
    @WithDefault("15m")
    Duration rateLimitMax();

    /** Posts handed to feedback.raw in one exactly-once window (one MySQL claim, one Kafka transaction). */
    @WithDefault("100")
    int batchSize();

    /** Longest a post waits for its batch to fill. */
    @WithDefault("200ms")
    Duration batchDelay();

    /** Posts waiting to be handed on before the streams are paused (back-pressure on the HTTP connection). */
    @WithDefault("2000")
    int maxPending();

    /** Post ids remembered per connector to drop repeats without asking MySQL (the ledger still decides). */
    @WithDefault("20000")
    int dedupeMemory();

    /** Longest wait between retries of a batch Kafka or MySQL did not take (doubling from 500 ms). */
    @WithDefault("30s")
    Duration publishRetryMax();

    /** Longest line (X) or event (Mastodon) in bytes; a longer one is dead-lettered and skipped. */
    @WithDefault("1048576")
    int maxFrameBytes();
}
