package io.retailpulse.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackConfigTest {
    private static final Path HOME = Path.of("/srv/pulse");

    @Test
    void defaultsAreTheDocumentedPorts() {
        StackConfig config = StackConfig.fromEnvironment(HOME, Map.of());
        assertEquals(9092, config.kafkaPort());
        assertEquals(9093, config.kafkaControllerPort());
        assertEquals(3306, config.dbPort());
        assertEquals(
                Map.of("analytics-api", 8080, "ingest", 8081, "inference", 8082, "forecasting", 8083),
                config.servicePorts());
        assertEquals(HOME.resolve(".pulse"), config.stateDir());
        assertEquals(Duration.ofSeconds(120), config.healthTimeout());
        assertTrue(config.detached());
        assertTrue(config.externalKafka().isEmpty());
        assertTrue(config.externalDbUrl().isEmpty());
    }

    @Test
    void environmentOverridesAndExternalResources() {
        StackConfig config = StackConfig.fromEnvironment(
                HOME,
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "broker:9094",
                        "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                        "KAFKA_SASL_MECHANISM", "PLAIN",
                        "PULSE_DB_URL", "jdbc:mariadb://db:3307/shop",
                        "PULSE_DB_USER", "u",
                        "PULSE_DB_PASSWORD", "p",
                        "PULSE_KAFKA_PORT", "19092",
                        "PULSE_INGEST_PORT", "18081",
                        "PULSE_API_KEY", "k"));
        assertEquals("broker:9094", config.externalKafka().orElseThrow());
        assertEquals("mysql://db:3307/shop", config.externalDbUrl().orElseThrow());
        assertEquals(19092, config.kafkaPort());
        assertEquals(19093, config.kafkaControllerPort());
        assertEquals(18081, config.servicePorts().get("ingest"));
        assertEquals("k", config.apiKey().orElseThrow());
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"), config.kafkaClientConfig());
    }

    @Test
    void clearErrorsForBadValues() {
        StackException port = assertThrows(
                StackException.class, () -> StackConfig.fromEnvironment(HOME, Map.of("PULSE_DB_PORT", "db")));
        assertTrue(port.getMessage().contains("PULSE_DB_PORT"), port.getMessage());
        StackException user = assertThrows(
                StackException.class, () -> StackConfig.fromEnvironment(HOME, Map.of("PULSE_DB_URL", "mysql://db/x")));
        assertTrue(user.getMessage().contains("PULSE_DB_USER"), user.getMessage());
    }

    @Test
    void jdbcUrlsAreNormalised() {
        assertEquals("mysql://h:1/d", DbUrl.normalise("jdbc:mysql://h:1/d"));
        assertEquals("mysql://h:1/d", DbUrl.normalise("jdbc:mariadb://h:1/d"));
        assertEquals("mysql://h:1/d?sslMode=required", DbUrl.normalise(" mysql://h:1/d?sslMode=required "));
        assertThrows(StackException.class, () -> DbUrl.normalise("postgresql://h/d"));
    }

    @Test
    void theStackListensOnLoopbackUnlessPulseBindHostSaysEveryInterface() {
        assertEquals("127.0.0.1", StackConfig.fromEnvironment(HOME, Map.of()).bindHost());
        assertEquals(
                "0.0.0.0",
                StackConfig.fromEnvironment(HOME, Map.of("PULSE_BIND_HOST", " 0.0.0.0 "))
                        .bindHost());
        StackException other = assertThrows(
                StackException.class,
                () -> StackConfig.fromEnvironment(HOME, Map.of("PULSE_BIND_HOST", "192.168.1.5")));
        assertTrue(other.getMessage().contains("PULSE_BIND_HOST must be 127.0.0.1"), other.getMessage());
    }
}
