package io.retailpulse.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./pulse up --replicas N} as a user runs it, with a real broker and MariaDB and {@link FakeService} JVMs for
 * the services (as in {@link LocalStackUpIT}): instance k of every service listens on its port + 10·k, has its own
 * PID file and log, a later {@code up} brings back only the instance that is gone, and {@code down} stops them all.
 * That the real services' instances share their consumer groups is checked with the packaged services in the k8s
 * module's {@code ReplicasIT}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LocalStackReplicasIT {
    private static final List<String> SERVICES = List.copyOf(StackConfig.DEFAULT_SERVICE_PORTS.keySet());

    @TempDir
    Path home;

    private Map<String, String> env;
    private StackConfig config;

    @BeforeEach
    void fakeProjectWithPackagedServices() throws IOException {
        for (String service : SERVICES) {
            LocalStackUpIT.writeFakeServiceJar(home.resolve(service).resolve("target/quarkus-app/quarkus-run.jar"));
        }
        env = new HashMap<>();
        env.put("PULSE_HOME", home.toString());
        env.put("PULSE_STATE_DIR", home.resolve(".pulse").toString());
        env.put("PULSE_API_KEY", "it-key");
        env.put("PULSE_HEALTH_TIMEOUT", "60");
        env.put("PULSE_KAFKA_PORT", Integer.toString(FreePorts.find()));
        env.put("PULSE_KAFKA_CONTROLLER_PORT", Integer.toString(FreePorts.find()));
        env.put("PULSE_DB_PORT", Integer.toString(FreePorts.find()));
        for (String service : SERVICES) {
            env.put(
                    "PULSE_" + service.toUpperCase(Locale.ROOT).replace('-', '_') + "_PORT",
                    Integer.toString(FreePorts.find()));
        }
        config = StackConfig.fromEnvironment(home, env);
    }

    @AfterEach
    void down() {
        DownCommand.run(config);
    }

    @Test
    void upWithTwoReplicasRunsTwoInstancesOfEveryServiceOnPortPlusTenEachWithItsOwnPidAndLog() {
        assertEquals(0, PulseCli.run(new String[] {"up", "--replicas", "2"}, env));

        for (String service : SERVICES) {
            int port = config.servicePorts().get(service);
            for (int k = 0; k < 2; k++) {
                String component = StackConfig.component(service, k);
                URI uri = URI.create("http://127.0.0.1:" + (port + 10 * k));
                assertTrue(HealthCheck.ready(uri), component + " answers /q/health/ready on " + uri);
                PidFile pid = new PidRegistry(config.pidDir()).find(component).orElseThrow();
                assertEquals(port + 10 * k, pid.port(), component + "'s PID file records its port");
                assertTrue(pid.liveProcess().isPresent(), component + " runs");
                assertTrue(Files.isRegularFile(config.logDir().resolve(component + ".log")), component + " log");
            }
        }
        assertEquals(
                8,
                SERVICES.stream()
                        .map(service -> List.of(StackConfig.component(service, 0), StackConfig.component(service, 1)))
                        .flatMap(List::stream)
                        .map(c -> new PidRegistry(config.pidDir())
                                .live(c)
                                .orElseThrow()
                                .pid())
                        .distinct()
                        .count(),
                "eight distinct processes");
        assertEquals(0, PulseCli.run(new String[] {"status"}, env), "status: every instance ready");
    }

    @Test
    void upWithoutReplicasAfterKill9OfOneInstanceBringsBackOnlyThatInstance() {
        assertEquals(0, PulseCli.run(new String[] {"up", "--replicas=2"}, env));
        Map<String, Long> before = servicePids(2);

        ProcessHandle victim =
                new PidRegistry(config.pidDir()).live("forecasting-1").orElseThrow();
        victim.destroyForcibly();
        assertTrue(Processes.awaitExit(victim, Duration.ofSeconds(10)));
        assertEquals(3, PulseCli.run(new String[] {"status"}, env), "status reports the dead instance");

        // No --replicas: up keeps the number the last up started.
        assertEquals(0, PulseCli.run(new String[] {"up"}, env));
        Map<String, Long> after = servicePids(2);
        assertNotEquals(before.get("forecasting-1"), after.get("forecasting-1"), "forecasting-1 started again");
        before.forEach((component, pid) -> {
            if (!component.equals("forecasting-1")) {
                assertEquals(pid, after.get(component), component + " kept running as it was");
            }
        });
        assertTrue(HealthCheck.ready(URI.create("http://127.0.0.1:" + config.servicePort("forecasting", 1))));
    }

    @Test
    void upWithFewerReplicasStopsTheSurplusInstancesAndDownStopsEveryInstance() {
        assertEquals(0, PulseCli.run(new String[] {"up", "--replicas", "2"}, env));
        Map<String, Long> two = servicePids(2);

        assertEquals(0, PulseCli.run(new String[] {"up", "--replicas", "1"}, env));
        for (String service : SERVICES) {
            assertTrue(
                    new PidRegistry(config.pidDir())
                            .find(StackConfig.component(service, 1))
                            .isEmpty(),
                    "instance 1 of " + service + " is stopped and forgotten");
            assertFalse(
                    ProcessHandle.of(two.get(StackConfig.component(service, 1)))
                            .map(ProcessHandle::isAlive)
                            .orElse(false),
                    "instance 1 of " + service + " no longer runs");
            assertEquals(
                    two.get(service),
                    new PidRegistry(config.pidDir()).live(service).orElseThrow().pid(),
                    "instance 0 of " + service + " kept running");
        }

        assertEquals(0, PulseCli.run(new String[] {"up", "--replicas", "2"}, env));
        Map<String, Long> again = servicePids(2);
        DownCommand.run(config);
        again.forEach((component, pid) -> assertFalse(
                ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), component + " stopped by down"));
        assertTrue(new PidRegistry(config.pidDir()).all().isEmpty(), "no PID file left");
    }

    @Test
    void replicasOutsideOneToNineIsAClearError() {
        assertEquals(1, PulseCli.run(new String[] {"up", "--replicas", "0"}, env));
        assertEquals(1, PulseCli.run(new String[] {"up", "--replicas", "many"}, env));
        assertTrue(new PidRegistry(config.pidDir()).all().isEmpty(), "nothing was started");
    }

    /** Every service instance below {@code replicas}, all of which must be running. */
    private Map<String, Long> servicePids(int replicas) {
        PidRegistry registry = new PidRegistry(config.pidDir());
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String service : SERVICES) {
            for (int k = 0; k < replicas; k++) {
                String component = StackConfig.component(service, k);
                pids.put(
                        component,
                        registry.live(component)
                                .orElseThrow(() -> new AssertionError(component + " is not running"))
                                .pid());
            }
        }
        return pids;
    }
}
