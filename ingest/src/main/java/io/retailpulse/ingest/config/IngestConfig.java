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

    /** Rows handed to Kafka before waiting for the broker's acknowledgements; bounds memory per upload. */
    @WithDefault("2000")
    int publishWindow();

    /** How long to wait for Kafka to acknowledge a window before answering 503. */
    @WithDefault("60s")
    Duration ackTimeout();

    /** Row errors listed in a response; all of them still go to the dead-letter topic. */
    @WithDefault("1000")
    int maxReportedErrors();
}
