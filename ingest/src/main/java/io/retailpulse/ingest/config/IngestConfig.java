package io.retailpulse.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.ZoneId;

/** {@code pulse.ingest.*}: how uploads are read and handed to Kafka. */
@ConfigMapping(prefix = "pulse.ingest")
public interface IngestConfig {
    /** Zone of timestamps written without an offset (the calendar day stays as written). */
    @WithDefault("UTC")
    ZoneId defaultZone();

    /**
     * Rows per window: each window is claimed in MySQL, published in one Kafka transaction and confirmed
     * before the next is read; bounds memory per upload.
     */
    @WithDefault("5000")
    int publishWindow();

    /** Sales history rows sent before waiting for the broker's acknowledgements (at-least-once path). */
    @WithDefault("20000")
    int historyWindow();

    /** Most feedback items in one request. */
    @WithDefault("1000")
    int feedbackMaxItems();

    /** How long to wait for Kafka to acknowledge a window before answering 503. */
    @WithDefault("60s")
    Duration ackTimeout();

    /** Row errors listed in a response; all of them still go to the dead-letter topic. */
    @WithDefault("1000")
    int maxReportedErrors();

    /**
     * Kafka {@code transactional.id} of this instance. Must be stable across restarts (so a restart fences and
     * aborts what a crashed run left open) and unique per running instance.
     */
    @WithDefault("ingest-1")
    String producerId();

    /** Unknown store and product ids in transactions are row errors instead of being registered. */
    @WithDefault("false")
    boolean strictCatalog();

    /** Retries of a failed Kafka window before the upload is answered 503. */
    @WithDefault("3")
    int publishRetries();

    /** First back-off between retries (doubled each time, with jitter). */
    @WithDefault("200ms")
    Duration retryBackoff();
}
