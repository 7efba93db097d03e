package io.retailpulse.ingest.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Client settings for ingest's own producers and consumers, taken from the shared {@code kafka.*} settings
 * (bootstrap servers, SASL/SSL). Plain kafka-clients, not reactive-messaging channels: ingest needs Kafka
 * transactions spanning several topics and exact control over acknowledgements.
 */
@ApplicationScoped
public class KafkaClients {
    private final Map<String, Object> shared;

    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> shared) {
        this.shared = shared;
    }

    /** The shared settings without blank values (an empty truststore location would break the client). */
    public Map<String, Object> base() {
        Map<String, Object> config = new HashMap<>();
        shared.forEach((key, value) -> {
            if (value != null && !value.toString().isBlank()) {
                config.put(key, value);
            }
        });
        return config;
    }

    /** Idempotent, acks=all, batching producer settings shared by every ingest producer. */
    public Map<String, Object> producer(String clientId) {
        Map<String, Object> config = base();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }
}
