package io.retailpulse.forecasting.aggregation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The Kafka consumers of retail.transactions and retail.sales.history ({@code pulse.forecasting.consumer.*}). */
@ConfigMapping(prefix = "pulse.forecasting.consumer")
public interface ConsumerConfig {
    /**
     * How long a batch is retried while MySQL is unreachable (connection lost, frozen, restarting). After that the
     * batch is nacked and the channel fails, so liveness turns DOWN and the orchestrator restarts the process,
     * which resumes from the last committed offset. Keep it below the channels'
     * {@code throttled.unprocessed-record-max-age.ms} (300 s), or the commit strategy fails them first.
     */
    @WithDefault("PT4M")
    Duration retryWindow();

    /** One attempt's bound, so a frozen database fails the attempt (and it is retried) instead of hanging it. */
    @WithDefault("PT30S")
    Duration attemptTimeout();
}
