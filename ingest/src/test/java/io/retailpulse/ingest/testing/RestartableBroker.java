package io.retailpulse.ingest.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.retailpulse.stack.FreePorts;
import io.retailpulse.stack.KafkaTopics;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * A broker of its own for the outage test: it can be stopped and started again on the same port with the same
 * log directory, so what it acknowledged before the stop is still there after. Use with
 * {@code restrictToAnnotatedClass = true}. State is static: Quarkus and the test share it.
 */
public class RestartableBroker implements QuarkusTestResourceLifecycleManager {
    private static final String PREFIX = "retailpulse.test.restartable.";
    private static EmbeddedKafkaBroker broker;

    @Override
    public synchronized Map<String, String> start() {
        if (System.getProperty(PREFIX + "port") == null) {
            try {
                System.setProperty(
                        PREFIX + "dir",
                        Files.createTempDirectory("pulse-kafka-outage-").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(PREFIX + "port", Integer.toString(FreePorts.find()));
            System.setProperty(PREFIX + "controller", Integer.toString(FreePorts.find()));
            System.setProperty(PREFIX + "cluster", Uuid.randomUuid().toString());
            startBroker();
            KafkaTopics.ensure(bootstrap(), Map.of(), topic -> 2);
        } else if (broker == null) {
            startBroker(); // a second test class after the first one stopped it
        }
        return Map.of("kafka.bootstrap.servers", bootstrap());
    }

    /**
     * After the module-wide {@code KafkaTestResource}, which also sets {@code kafka.bootstrap.servers}: the resource
     * started last gives the application its value. With equal orders the winner was left to chance, and the outage
     * test once published to the other broker, so stopping this one stopped nothing.
     */
    @Override
    public int order() {
        return 100;
    }

    @Override
    public void stop() {
        stopBroker();
    }

    public static String bootstrap() {
        return "127.0.0.1:" + System.getProperty(PREFIX + "port");
    }

    public static synchronized void startBroker() {
        String dir = System.getProperty(PREFIX + "dir");
        broker = new EmbeddedKafkaBroker()
                .withKafkaHost("127.0.0.1")
                .withKafkaPort(Integer.parseInt(System.getProperty(PREFIX + "port")))
                .withControllerPort(Integer.parseInt(System.getProperty(PREFIX + "controller")))
                .withClusterId(System.getProperty(PREFIX + "cluster"))
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(
                        p -> p.put("log.dirs", Path.of(dir).resolve("logs").toString()))
                .start();
    }

    /** Starts the broker unless it runs (cleanup after a test that may have failed during an outage). */
    public static synchronized void ensureStarted() {
        if (broker == null) {
            startBroker();
        }
    }

    public static synchronized void stopBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
