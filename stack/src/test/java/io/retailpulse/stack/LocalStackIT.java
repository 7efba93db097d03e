package io.retailpulse.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.common.events.Topics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka and MariaDB through LocalStack, attached, without services (they are built after this module). */
class LocalStackIT {
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path state;

    @Test
    void startsKafkaAndMariaDbWithTopicsAndDatabaseAndStopsThemOnClose() throws Exception {
        StackConfig config = StackConfig.builder(HOME)
                .stateDir(state)
                .freePorts()
                .onlyServices(List.of())
                .apiKey("it-key")
                .build();
        List<ProcessHandle> processes;
        try (LocalStack stack = LocalStack.start(config)) {
            assertEquals("127.0.0.1:" + config.kafkaPort(), stack.kafkaBootstrap());
            assertEquals("mysql://127.0.0.1:" + config.dbPort() + "/retailpulse", stack.dbUrl());
            assertEquals("it-key", stack.apiKey());

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
                Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                assertTrue(topics.containsAll(Topics.all()), topics.toString());
                assertEquals(
                        3,
                        admin.describeTopics(List.of(Topics.TRANSACTIONS))
                                .allTopicNames()
                                .get()
                                .get(Topics.TRANSACTIONS)
                                .partitions()
                                .size());
                assertEquals(
                        1,
                        admin.describeTopics(List.of(Topics.dlq(Topics.TRANSACTIONS)))
                                .allTopicNames()
                                .get()
                                .get(Topics.dlq(Topics.TRANSACTIONS))
                                .partitions()
                                .size());
            }
            try (Connection connection =
                            MariaDbServer.connect(config.dbPort(), "retailpulse", stack.dbUser(), stack.dbPassword());
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT DATABASE()")) {
                result.next();
                assertEquals("retailpulse", result.getString(1));
            }
            PidRegistry pids = new PidRegistry(config.pidDir());
            processes = List.of(
                    pids.live(LocalStack.KAFKA).orElseThrow(),
                    pids.live(LocalStack.MARIADB).orElseThrow());
            assertEquals(
                    List.of(LocalStack.KAFKA, LocalStack.MARIADB).size(),
                    stack.startedComponents().size());
        }
        for (ProcessHandle process : processes) {
            assertTrue(Processes.awaitExit(process, Duration.ofSeconds(5)), "stopped: " + process.pid());
        }
        assertTrue(FreePorts.isFree(config.kafkaPort()));
        assertTrue(FreePorts.isFree(config.dbPort()));
        assertTrue(new PidRegistry(config.pidDir()).all().isEmpty(), "pid files removed");
    }

    @Test
    void refusesToStartWhenAServiceJarIsMissing() {
        StackConfig config = StackConfig.builder(state)
                .stateDir(state.resolve(".pulse"))
                .freePorts()
                .build();
        StackException error = assertThrows(StackException.class, () -> LocalStack.start(config));
        assertTrue(error.getMessage().contains("./mvnw -DskipTests package"), error.getMessage());
        assertFalse(new PidRegistry(config.pidDir()).all().iterator().hasNext(), "nothing was started");
    }
}
