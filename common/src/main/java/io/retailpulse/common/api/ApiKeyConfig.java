package io.retailpulse.common.api;

import io.smallrye.config.ConfigMapping;

/** {@code pulse.api.key} (env {@code PULSE_API_KEY}): the shared key every {@code /api/**} call must carry. */
@ConfigMapping(prefix = "pulse.api")
public interface ApiKeyConfig {
    String key();
}
