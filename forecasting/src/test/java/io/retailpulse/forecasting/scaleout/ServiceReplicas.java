package io.retailpulse.forecasting.scaleout;

import io.retailpulse.stack.FreePorts;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Real replicas of the packaged forecasting service ({@code target/quarkus-app/quarkus-run.jar}, built by
 * {@code package} before the ITs run), each its own JVM on a port of its own, sharing the test JVM's Kafka broker
 * and a fresh MariaDB database. The topics of these replicas carry a prefix of their own, so they never meet the
 * {@code @QuarkusTest} application of the same JVM (its consumer groups, its data).
 */
final class ServiceReplicas implements AutoCloseable {
    static final String API_KEY = "scaleout-test-key-0123456789abcdef";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Map<String, String> db;
    private final String prefix = "scaleout-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> extraOptions;
    private final List<Replica> replicas = new ArrayList<>();

    /** One running replica. */
    record Replica(String name, Process process, int port, Path log) {
        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }

    ServiceReplicas(int workPartitions, List<String> extraOptions) throws Exception {
        this.db = new MariaDbTestResource().start();
        this.extraOptions = extraOptions;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaTestResource.bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            topics.add(new NewTopic(topic("work"), workPartitions, (short) 1));
            for (String t : List.of(
                    "work.dlq",
                    "transactions",
                    "transactions.dlq",
                    "sales-history",
                    "sales-history.dlq",
                    "sales-daily",
                    "forecasts-published")) {
                topics.add(new NewTopic(topic(t), 1, (short) 1));
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    String topic(String name) {
        return prefix + "." + name;
    }

    /** Starts replicas side by side and waits until every one is ready. */
    List<Replica> start(String... names) throws Exception {
        List<Replica> started = new ArrayList<>();
        for (String name : names) {
            started.add(launch(name));
        }
        for (Replica r : started) {
            awaitReady(r);
        }
        return started;
    }

    /** Starts a replica (its JVM) without waiting. */
    Replica launch(String name) throws Exception {
        int port = FreePorts.find();
        Path log = Path.of("target", prefix + "-" + name + ".log");
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        // Extra JVM options for the replicas, e.g. a flight recording: -Dbench.replicaJvmOpts="-XX:StartFlight..."
        String extra = System.getProperty("bench.replicaJvmOpts", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of(
                "-Dquarkus.http.port=" + port,
                "-Dpulse.db.url=" + db.get("pulse.db.url"),
                "-Dpulse.db.user=" + db.get("pulse.db.user"),
                "-Dpulse.db.password=" + db.get("pulse.db.password"),
                "-Dkafka.bootstrap.servers=" + KafkaTestResource.bootstrapServers(),
                "-Dpulse.api.key=" + API_KEY,
                "-Dpulse.forecasting.schedule.cron=off",
                "-Dpulse.forecasting.runs.worker-id=" + name,
                "-Dpulse.topics.forecasting-work=" + topic("work"),
                "-Dmp.messaging.incoming.forecasting-work.group.id=" + prefix + "-work",
                "-Dpulse.topics.transactions=" + topic("transactions"),
                "-Dpulse.topics.sales-history=" + topic("sales-history"),
                "-Dpulse.topics.sales-daily=" + topic("sales-daily"),
                "-Dpulse.topics.forecasts-published=" + topic("forecasts-published"),
                // Flyway's JDBC connection waits 5 s by default: too short on a loaded 2-core machine (ReplicasIT).
                "-Dquarkus.datasource.jdbc.acquisition-timeout=60s"));
        command.addAll(extraOptions);
        command.addAll(List.of(
                "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Replica replica = new Replica(name, process, port, log);
        replicas.add(replica);
        return replica;
    }

    /** Waits until a replica answers ready (Flyway migrated, consumers started). */
    static void awaitReady(Replica replica) throws Exception {
        Process process = replica.process();
        String name = replica.name();
        Path log = replica.log();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (HTTP.send(
                                        HttpRequest.newBuilder(replica.uri("/q/health/ready"))
                                                .timeout(Duration.ofSeconds(2))
                                                .GET()
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new AssertionError(name + " not ready within 3 minutes; see " + log);
    }

    /** kill -9, as an operator or the OOM killer would: no shutdown hook, no offset commit, no goodbye. */
    static void kill9(Replica replica) throws Exception {
        Process kill = new ProcessBuilder(
                        "kill", "-9", Long.toString(replica.process().pid()))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -9 " + replica.process().pid() + " failed");
        }
        replica.process().onExit().get(30, TimeUnit.SECONDS);
    }

    static HttpResponse<String> get(Replica replica, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(replica.uri(path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + API_KEY)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(Replica replica, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(replica.uri(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + API_KEY)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A connection to the replicas' database. */
    Connection db() throws SQLException {
        return MariaDbTestResource.connection();
    }

    @Override
    public void close() {
        for (Replica r : replicas) {
            r.process().destroyForcibly();
        }
        for (Replica r : replicas) {
            try {
                r.process().onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // best effort
            }
        }
    }
}
