package io.retailpulse.faults;

import io.retailpulse.stack.Processes;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The local stack as a user drives it: {@code java -jar stack/target/pulse-stack.jar up|down} (what {@code ./pulse}
 * runs), on ports of its own (24080-24084, 24092-24093, 24306: below Linux's ephemeral range, so no test's random
 * port can take them) and with its state under {@code faults/target/stack}, so that it never meets a developer's
 * {@code ./pulse} stack. Faults are what an operator would do: {@code kill -9}, {@code kill -STOP}.
 */
final class Stack {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final Path STATE = ROOT.resolve("faults/target/stack");
    static final String API_KEY = "faults-suite-key-0123456789abcdef";
    static final int KAFKA_PORT = 24092;
    static final int DB_PORT = 24306;
    static final Map<String, Integer> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put("analytics-api", 24080);
        SERVICES.put("ingest", 24081);
        SERVICES.put("inference", 24082);
        SERVICES.put("forecasting", 24083);
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Stack() {}

    static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PULSE_STATE_DIR", STATE.toString());
        env.put("PULSE_API_KEY", API_KEY);
        env.put("PULSE_KAFKA_PORT", Integer.toString(KAFKA_PORT));
        env.put("PULSE_DB_PORT", Integer.toString(DB_PORT));
        SERVICES.forEach((service, port) ->
                env.put("PULSE_" + service.toUpperCase().replace('-', '_') + "_PORT", Integer.toString(port)));
        return env;
    }

    /** Runs {@code pulse <args>} and returns its exit code; its output goes to {@code faults/target/pulse-*.log}. */
    static int pulse(Duration timeout, String... args) throws IOException, InterruptedException {
        return pulse(timeout, Map.of(), args);
    }

    /**
     * As {@link #pulse(Duration, String...)} with {@code extraEnv} on top of the suite's environment: the services
     * this call starts inherit it (their {@code PULSE_*} config overrides), the ones already running keep theirs.
     */
    static int pulse(Duration timeout, Map<String, String> extraEnv, String... args)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                ROOT.resolve("stack/target/pulse-stack.jar").toString()));
        command.addAll(List.of(args));
        Files.createDirectories(STATE);
        Path log = ROOT.resolve("faults/target/pulse-" + String.join("-", args) + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment());
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(
                    "pulse " + String.join(" ", args) + " did not finish within " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    /** {@code pulse up}, which must bring back whatever is missing and report every service ready. */
    static void up() throws IOException, InterruptedException {
        up(Map.of());
    }

    /** {@code pulse up} with {@code extraEnv} for the services it starts (see {@link #pulse(Duration, Map, String...)}). */
    static void up(Map<String, String> extraEnv) throws IOException, InterruptedException {
        int exit = pulse(Duration.ofMinutes(6), extraEnv, "up");
        if (exit != 0) {
            throw new AssertionError(
                    "pulse up exited " + exit + "; see faults/target/pulse-up.log and " + STATE.resolve("logs"));
        }
    }

    /** The PID {@code up} recorded for a component (a service, {@code kafka} or {@code mariadb}). */
    static long pid(String component) throws IOException {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(STATE.resolve("pids").resolve(component + ".pid"))) {
            p.load(reader);
        }
        return Long.parseLong(p.getProperty("pid"));
    }

    static void signal(String component, String signal) throws IOException, InterruptedException {
        long pid = pid(component);
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + signal + " " + pid + " (" + component + ") failed");
        }
        if ("KILL".equals(signal)) {
            ProcessHandle.of(pid)
                    .ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        }
    }

    /**
     * Asks the JVM of {@code service} for a thread dump (SIGQUIT): it goes to the service's log, which is where a
     * hang is read afterwards. Never fails the caller: a service that is down has nothing to dump.
     */
    static void threadDump(String service, String why) {
        try {
            System.err.printf("thread dump of %s requested: %s%n", service, why);
            signal(service, "QUIT");
        } catch (IOException | AssertionError | RuntimeException e) {
            System.err.printf("no thread dump of %s: %s%n", service, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops one service as {@code pulse down} would (SIGTERM, then SIGKILL after 60 s) and brings it back with
     * {@code pulse up} and {@code extraEnv}; the rest of the stack keeps running.
     */
    static void restart(String service, Map<String, String> extraEnv) throws IOException, InterruptedException {
        ProcessHandle.of(pid(service)).ifPresent(p -> Processes.stop(p, Duration.ofSeconds(60)));
        up(extraEnv);
    }

    static URI uri(String service, String path) {
        return URI.create("http://127.0.0.1:" + SERVICES.get(service) + path);
    }

    static HttpResponse<String> get(String service, String path, Duration timeout)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(uri(service, path))
                        .timeout(timeout)
                        .header("Authorization", "Bearer " + API_KEY)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String service, String path, String contentType, String body, Duration timeout)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(uri(service, path))
                        .timeout(timeout)
                        .header("Authorization", "Bearer " + API_KEY)
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String kafkaBootstrap() {
        return "127.0.0.1:" + KAFKA_PORT;
    }

    static Connection db() throws SQLException, IOException {
        String password = Files.readString(STATE.resolve("db-password")).trim();
        return DriverManager.getConnection(
                "jdbc:mariadb://127.0.0.1:" + DB_PORT + "/retailpulse?connectTimeout=3000&socketTimeout=10000",
                "pulse",
                password);
    }
}
