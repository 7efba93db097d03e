package io.retailpulse.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.stack.HealthCheck;
import io.retailpulse.stack.LocalStack;
import io.retailpulse.stack.StackConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./pulse up --replicas 2} starts, with the real packaged services (a real broker and MariaDB too):
 * both instances of every service answer /q/health/ready on their own ports (port + 10·k), and the instances of a
 * role join one consumer group, so the group has two members that split the partitions.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ReplicasIT {
    @TempDir
    Path state;

    @Test
    void twoReplicasOfEveryServiceAreReadyOnTheirPortsAndShareTheirRolesConsumerGroups() throws Exception {
        // Flyway's JDBC connection at start-up waits 5 s by default: on a 2-core machine shared with other builds
        // (load 25 measured) opening it took longer and a service exited. Not what this test is about.
        StackConfig config = StackConfig.builder(ManifestsTest.ROOT)
                .stateDir(state)
                .freePorts()
                .replicas(2)
                .serviceJavaOptions(List.of("-Dquarkus.datasource.jdbc.acquisition-timeout=60s"))
                .healthTimeout(Duration.ofMinutes(5))
                .build();
        try (LocalStack stack = LocalStack.start(config)) {
            for (String service : ManifestsTest.SERVICES) {
                List<URI> instances = stack.serviceUris(service);
                assertEquals(2, instances.size(), service);
                for (int k = 0; k < 2; k++) {
                    int port = config.servicePorts().get(service) + 10 * k;
                    assertEquals(port, instances.get(k).getPort(), service + " instance " + k + " port");
                    assertTrue(HealthCheck.ready(instances.get(k)), service + " instance " + k + " is ready");
                }
            }
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
                for (String group : List.of("forecasting-aggregator", "inference-scoring")) {
                    ConsumerGroupDescription description = awaitMembers(admin, group, 2);
                    assertEquals(2, description.members().size(), group + ": " + description);
                    assertTrue(
                            description.members().stream()
                                    .allMatch(m ->
                                            !m.assignment().topicPartitions().isEmpty()),
                            group + ": each member got partitions: " + description);
                }
            }
        }
    }

    /** Members join as each instance's consumer starts and the group rebalances: wait up to a minute. */
    private static ConsumerGroupDescription awaitMembers(Admin admin, String group, int members) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        ConsumerGroupDescription description;
        do {
            description = admin.describeConsumerGroups(List.of(group))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(group);
            if (description.members().size() == members
                    && description.members().stream()
                            .allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                return description;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return description;
    }
}
