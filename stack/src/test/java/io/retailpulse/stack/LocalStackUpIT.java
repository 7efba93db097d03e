package io.retailpulse.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.common.events.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./pulse up} after crashes, as a user runs it (detached, through {@link PulseCli} and {@link UpCommand}):
 * a real KRaft broker and a real MariaDB as child processes, and four {@link FakeService} JVMs standing in for the
 * services, since the services are packaged after this module. The fakes let a test make one service unhealthy
 * on purpose; the launcher cannot tell them from the real ones (same jar path, environment, health endpoint).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LocalStackUpIT {
    private static final List<String> SERVICES = List.copyOf(StackConfig.DEFAULT_SERVICE_PORTS.keySet());

    @TempDir
    Path home;

    private Map<String, String> env;
    private StackConfig config;

    @BeforeEach
    void fakeProjectWithPackagedServices() throws IOException {
        for (String service : SERVICES) {
            writeFakeServiceJar(home.resolve(service).resolve("target/quarkus-app/quarkus-run.jar"));
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
    void upAfterKill9OfOneServiceBringsBackThatServiceAndLeavesEverythingElseRunning() {
        assertEquals(0, up());
        Map<String, Long> before = pids();

        kill9("ingest");
        assertEquals(0, up());

        Map<String, Long> after = pids();
        assertNotEquals(before.get("ingest"), after.get("ingest"), "ingest started again");
        for (String component :
                List.of(LocalStack.KAFKA, LocalStack.MARIADB, "analytics-api", "inference", "forecasting")) {
            assertEquals(before.get(component), after.get(component), component + " kept running as it was");
        }
        assertAllAlive(after);
        assertTrue(HealthCheck.ready(serviceUri("ingest")));
    }

    @Test
    void upWithAnotherServiceUnhealthyNamesItsDownCheckAndLogExitsNonZeroAndStopsNothing() throws IOException {
        assertEquals(0, up());
        Map<String, Long> before = pids();

        Files.createFile(home.resolve("forecasting/health-down"));
        kill9("inference");
        env.put("PULSE_HEALTH_TIMEOUT", "8");
        config = StackConfig.fromEnvironment(home, env);
        StackException error = assertThrows(StackException.class, () -> UpCommand.run(config));

        // The bug of issue 15 item 4: up restarted inference, then stopped it because forecasting was unhealthy.
        Map<String, Long> after = pids();
        assertNotEquals(before.get("inference"), after.get("inference"), "inference started again");
        assertTrue(HealthCheck.ready(serviceUri("inference")), "the restarted inference is left running");
        for (String component :
                List.of(LocalStack.KAFKA, LocalStack.MARIADB, "analytics-api", "ingest", "forecasting")) {
            assertEquals(before.get(component), after.get(component), component + " kept running as it was");
        }
        assertAllAlive(after);

        String message = error.getMessage();
        assertTrue(message.contains("forecasting"), message);
        assertTrue(message.contains("check 'SmallRye Reactive Messaging - readiness check' DOWN"), message);
        assertTrue(message.contains("transactions: [KO] - TooManyMessagesWithoutAckException"), message);
        assertTrue(
                message.contains("see .pulse/logs/forecasting.log\n  | fake service on"),
                "log and its tail: " + message);
        assertTrue(
                message.contains("  | WARN the cause: record 0 of retail.transactions-1 has waited 64 s"),
                "the tail shows the cause, not the health reports our own probes caused: " + message);
        assertTrue(message.contains("nothing was stopped"), message);
        assertTrue(
                !message.contains("analytics-api (pid") && !message.contains("service inference"),
                "only the unhealthy service is blamed: " + message);

        assertEquals(1, up(), "the exit code says the stack is not healthy");
        assertEquals(after, pids(), "a second up changes nothing either");

        Files.delete(home.resolve("forecasting/health-down"));
        assertEquals(0, up(), "healthy again once forecasting is");
    }

    @Test
    void upRestartsARunningServiceWhoseLivenessIsDownAsKubernetesWouldAndLeavesTheOthersRunning() throws IOException {
        assertEquals(0, up());
        Map<String, Long> before = pids();

        // forecasting's consumer gave up after its retry window (Kafka away for minutes): liveness DOWN, still running
        Path liveDown = Files.createFile(home.resolve("forecasting/live-down"));
        assertEquals(503, HealthCheck.probeLiveness(serviceUri("forecasting")).status());
        try {
            assertEquals(0, up());
        } finally {
            Files.delete(liveDown);
        }

        Map<String, Long> after = pids();
        assertNotEquals(before.get("forecasting"), after.get("forecasting"), "forecasting started again");
        assertTrue(
                ProcessHandle.of(before.get("forecasting"))
                        .map(p -> !p.isAlive())
                        .orElse(true),
                "the DOWN process was stopped");
        for (String component : List.of(LocalStack.KAFKA, LocalStack.MARIADB, "analytics-api", "ingest", "inference")) {
            assertEquals(before.get(component), after.get(component), component + " kept running as it was");
        }
        assertAllAlive(after);
        assertTrue(HealthCheck.ready(serviceUri("forecasting")));
        assertEquals(0, up());
        assertEquals(after, pids(), "a live service is left as it is");
    }

    @Test
    void upAfterKill9OfKafkaAndMariaDbBringsThemBackWithTheirDataAndLeavesTheServicesRunning() throws Exception {
        assertEquals(0, up());
        Map<String, Long> before = pids();
        try (var db = MariaDbServer.connect(
                        config.dbPort(),
                        LocalStack.DATABASE,
                        LocalStack.DB_USER,
                        Files.readString(config.stateDir().resolve("db-password"))
                                .strip());
                var statement = db.createStatement()) {
            statement.execute("CREATE TABLE survivor (id INT PRIMARY KEY)");
            statement.execute("INSERT INTO survivor VALUES (42)");
        }

        kill9(LocalStack.KAFKA);
        kill9(LocalStack.MARIADB);
        assertEquals(0, up());

        Map<String, Long> after = pids();
        assertNotEquals(before.get(LocalStack.KAFKA), after.get(LocalStack.KAFKA));
        assertNotEquals(before.get(LocalStack.MARIADB), after.get(LocalStack.MARIADB));
        for (String service : SERVICES) {
            assertEquals(before.get(service), after.get(service), service + " kept running as it was");
        }
        assertAllAlive(after);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:" + config.kafkaPort()))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertTrue(topics.containsAll(Topics.all()), topics.toString());
        }
        try (var db = MariaDbServer.connect(
                        config.dbPort(),
                        LocalStack.DATABASE,
                        LocalStack.DB_USER,
                        Files.readString(config.stateDir().resolve("db-password"))
                                .strip());
                var statement = db.createStatement();
                var rows = statement.executeQuery("SELECT id FROM survivor")) {
            assertTrue(rows.next());
            assertEquals(42, rows.getInt(1));
        }
    }

    @Test
    void everyComponentListensOnLoopbackOnlyByDefault() throws IOException {
        assertEquals(0, up());
        List<Integer> ports =
                new ArrayList<>(List.of(config.kafkaPort(), config.kafkaControllerPort(), config.dbPort()));
        ports.addAll(config.servicePorts().values());
        Map<Integer, List<InetAddress>> listening = ListeningSockets.read();
        for (int port : ports) {
            List<InetAddress> addresses = listening.getOrDefault(port, List.of());
            assertTrue(!addresses.isEmpty(), "something listens on " + port + ": " + listening);
            assertTrue(
                    addresses.stream().allMatch(InetAddress::isLoopbackAddress),
                    "port " + port + " listens on " + addresses);
        }
    }

    @Test
    void pulseBindHostOpensTheServicesToTheNetworkButNeverKafkaOrMariaDb() throws IOException {
        env.put("PULSE_BIND_HOST", "0.0.0.0");
        config = StackConfig.fromEnvironment(home, env);
        assertEquals(0, up());
        Map<Integer, List<InetAddress>> listening = ListeningSockets.read();
        for (int port : config.servicePorts().values()) {
            assertTrue(
                    listening.getOrDefault(port, List.of()).stream().anyMatch(InetAddress::isAnyLocalAddress),
                    "service port " + port + " listens on " + listening.get(port));
        }
        for (int port : List.of(config.kafkaPort(), config.kafkaControllerPort(), config.dbPort())) {
            List<InetAddress> addresses = listening.getOrDefault(port, List.of());
            assertTrue(
                    !addresses.isEmpty() && addresses.stream().allMatch(InetAddress::isLoopbackAddress),
                    "port " + port + " listens on " + addresses);
        }
    }

    private int up() {
        return PulseCli.run(new String[] {"up"}, env);
    }

    private URI serviceUri(String service) {
        return URI.create("http://127.0.0.1:" + config.servicePorts().get(service));
    }

    /** Component to recorded PID, for every component that is recorded and still runs. */
    private Map<String, Long> pids() {
        PidRegistry registry = new PidRegistry(config.pidDir());
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String component : allComponents()) {
            registry.live(component).ifPresent(process -> pids.put(component, process.pid()));
        }
        return pids;
    }

    private static List<String> allComponents() {
        List<String> all = new ArrayList<>(List.of(LocalStack.KAFKA, LocalStack.MARIADB));
        all.addAll(SERVICES);
        return all;
    }

    private static void assertAllAlive(Map<String, Long> pids) {
        assertEquals(allComponents(), List.copyOf(pids.keySet()), "every component runs");
        pids.forEach((component, pid) -> assertTrue(
                ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                component + " (pid " + pid + ") is alive"));
    }

    private void kill9(String component) {
        ProcessHandle process = new PidRegistry(config.pidDir()).live(component).orElseThrow();
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up, the PID file stays
        assertTrue(Processes.awaitExit(process, Duration.ofSeconds(10)), component + " died");
    }

    /** A runnable {@code quarkus-run.jar} holding only {@link FakeService}. */
    static void writeFakeServiceJar(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        String entry = FakeService.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream in = FakeService.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }
}
