package io.retailpulse.analytics.dashboard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code pulse.dashboard.*}: the dashboard's live alert stream. */
@ConfigMapping(prefix = "pulse.dashboard")
public interface DashboardConfig {
    /** How often an idle alert stream sends a comment, so proxies keep it open and dead clients are noticed. */
    @WithDefault("20S")
    Duration heartbeat();

    /** A {@code feedback.alerts} record larger than this (bytes) is dead-lettered unread. */
    @WithDefault("262144")
    int maxAlertBytes();
}
