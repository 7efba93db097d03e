package io.retailpulse.ingest.testing;

import io.retailpulse.ingest.platform.IngestConfig;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** An {@link IngestConfig} for plain unit tests: the given values, else the documented defaults used here. */
public final class TestConfig {
    private TestConfig() {}

    public static IngestConfig of(Map<String, Object> values, Map<String, Object> llmValues) {
        Map<String, Object> llmDefaults = Map.of(
                "baseUrl",
                "http://127.0.0.1:9/v1",
                "model",
                "stub-model",
                "apiKey",
                Optional.empty(),
                "batchSize",
                10,
                "maxRetries",
                3,
                "backoff",
                Duration.ofMillis(10),
                "maxRetryAfter",
                Duration.ofSeconds(5),
                "timeout",
                Duration.ofSeconds(5),
                "temperature",
                0.9);
        IngestConfig.Llm llm = proxy(IngestConfig.Llm.class, llmValues, llmDefaults);
        Map<String, Object> defaults = Map.of(
                "strictCatalog",
                false,
                "ackTimeout",
                Duration.ofSeconds(10),
                "producerId",
                "test",
                "publishWindow",
                5000,
                "llm",
                llm,
                "dbTimeout",
                Duration.ofSeconds(10));
        return proxy(IngestConfig.class, values, defaults);
    }

    /** Spool settings: {@code maxBytes} 0 turns the spool off; the drainer's interval is 5 s. */
    public static IngestConfig.SpoolConfig spool(Path dir, long maxBytes) {
        return new IngestConfig.SpoolConfig() {
            @Override
            public String dir() {
                return dir.toString();
            }

            @Override
            public long maxBytes() {
                return maxBytes;
            }

            @Override
            public Duration drainInterval() {
                return Duration.ofSeconds(5);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, Object> values, Map<String, Object> defaults) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            String name = method.getName();
            if (values.containsKey(name)) {
                return values.get(name);
            }
            if (defaults.containsKey(name)) {
                return defaults.get(name);
            }
            throw new UnsupportedOperationException(name);
        });
    }
}
