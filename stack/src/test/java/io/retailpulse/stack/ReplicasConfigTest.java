package io.retailpulse.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code --replicas N} names instances, picks their ports and is read from the command line. */
class ReplicasConfigTest {
    private static final Path HOME = Path.of("/tmp/pulse-home");

    @Test
    void instanceKListensOnTheServicePortPlusTenK() {
        StackConfig config = StackConfig.fromEnvironment(HOME, Map.of("PULSE_REPLICAS", "3"));
        assertEquals(3, config.replicas().orElseThrow());
        assertEquals(8083, config.servicePort("forecasting", 0));
        assertEquals(8093, config.servicePort("forecasting", 1));
        assertEquals(8100, config.servicePort("analytics-api", 2));
        assertEquals(
                18091,
                StackConfig.fromEnvironment(HOME, Map.of("PULSE_INGEST_PORT", "18081"))
                        .servicePort("ingest", 1),
                "an overridden port moves its instances along");
    }

    @Test
    void instanceZeroKeepsThePlainServiceNameAndTheOthersAreNumbered() {
        assertEquals("inference", StackConfig.component("inference", 0));
        assertEquals("inference-1", StackConfig.component("inference", 1));
        assertEquals(0, StackConfig.instanceOf("analytics-api", "analytics-api"));
        assertEquals(2, StackConfig.instanceOf("analytics-api", "analytics-api-2"));
        assertEquals(-1, StackConfig.instanceOf("analytics-api", "analytics"));
        assertEquals(-1, StackConfig.instanceOf("ingest", "inference-1"));
        assertEquals(-1, StackConfig.instanceOf("ingest", "ingest-spool"));
    }

    @Test
    void replicasComesFromTheOptionInEitherSpellingAndIsBounded() {
        assertEquals(
                "2",
                PulseCli.withReplicasOption(List.of("up", "--replicas", "2"), Map.of())
                        .get("PULSE_REPLICAS"));
        assertEquals(
                "4",
                PulseCli.withReplicasOption(List.of("up", "--replicas=4"), Map.of())
                        .get("PULSE_REPLICAS"));
        assertTrue(StackConfig.fromEnvironment(HOME, Map.of()).replicas().isEmpty(), "no option: as recorded");
        for (String bad : List.of("0", "10", "-1", "two", "")) {
            assertThrows(
                    StackException.class,
                    () -> PulseCli.withReplicasOption(List.of("up", "--replicas", bad), Map.of()),
                    bad);
        }
        assertThrows(StackException.class, () -> PulseCli.withReplicasOption(List.of("up", "--replicas"), Map.of()));
    }
}
