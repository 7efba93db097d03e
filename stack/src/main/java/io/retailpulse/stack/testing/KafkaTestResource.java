package io.retailpulse.stack.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.retailpulse.stack.KafkaTopics;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * One in-JVM Kafka broker per test JVM with every platform topic (and its dead-letter twin) created, two
 * partitions each. Use with {@code @QuarkusTestResource(KafkaTestResource.class)}.
 *
 * <p>The bootstrap address is kept in a system property so that every Quarkus class loader reuses the broker.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    private static final String BOOTSTRAP = "retailpulse.test.kafka.bootstrap";
    private static final String LOCK = "io.retailpulse.stack.testing.KafkaTestResource.lock";

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // The broker lives until the JVM ends, shared by every test class.
    }

    /** The broker's {@code host:port}, starting it and creating the topics on first use. */
    public static String bootstrapServers() {
        synchronized (LOCK) {
            String bootstrap = System.getProperty(BOOTSTRAP);
            if (bootstrap != null) {
                return bootstrap;
            }
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                    .withKafkaHost("127.0.0.1")
                    .withDeleteLogDirsOnClose(true)
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-test-stop"));
            bootstrap = hostAndPort(broker.getAdvertisedListeners());
            KafkaTopics.ensure(bootstrap, Map.of(), topic -> 2);
            System.setProperty(BOOTSTRAP, bootstrap);
            return bootstrap;
        }
    }

    /** {@code PLAINTEXT://127.0.0.1:34567} (possibly a list) to {@code 127.0.0.1:34567}. */
    static String hostAndPort(String advertisedListeners) {
        String first = advertisedListeners.split(",")[0].trim();
        int scheme = first.indexOf("://");
        return scheme < 0 ? first : first.substring(scheme + 3);
    }
}
