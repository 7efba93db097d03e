package io.retailpulse.ingest.connectors;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A {@link ConnectorsConfig} with the documented defaults, some overridden, for plain unit tests. */
final class TestConnectorsConfig {
    private TestConnectorsConfig() {}

    static ConnectorsConfig of(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(Map.of(
                "networkStep",
                Duration.ofMillis(250),
                "networkMax",
                Duration.ofSeconds(16),
                "httpInitial",
                Duration.ofSeconds(5),
                "httpMax",
                Duration.ofSeconds(320),
                "rateLimitInitial",
                Duration.ofSeconds(60),
                "rateLimitMax",
                Duration.ofMinutes(15)));
        values.putAll(overrides);
        return (ConnectorsConfig) Proxy.newProxyInstance(
                ConnectorsConfig.class.getClassLoader(), new Class<?>[] {ConnectorsConfig.class}, (p, m, a) -> {
                    if (!values.containsKey(m.getName())) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    return values.get(m.getName());
                });
    }
}
