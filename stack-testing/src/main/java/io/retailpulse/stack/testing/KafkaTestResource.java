package io.retailpulse.stack.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.retailpulse.stack.KafkaTopics;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

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

    /** String-keyed, string-valued producer settings for the test broker; add to them (linger, transactional id). */
    public static Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    public static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(producerProperties());
    }

    /** A consumer of {@code topic} from its earliest record, in a group of its own (it sees everything). */
    public static KafkaConsumer<String, String> consumer(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** {@code PLAINTEXT://127.0.0.1:34567} (possibly a list) to {@code 127.0.0.1:34567}. */
    static String hostAndPort(String advertisedListeners) {
        String first = advertisedListeners.split(",")[0].trim();
        int scheme = first.indexOf("://");
        return scheme < 0 ? first : first.substring(scheme + 3);
    }
}
