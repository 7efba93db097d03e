package io.retailpulse.ingest.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.retailpulse.ingest.config.IngestConfig;

import java.time.Duration;
import java.util.Map;

/** {@link RecordLog} on one shared idempotent producer (thread-safe, batches across uploads). */
@ApplicationScoped
public class KafkaRecordLog implements RecordLog {
    private final KafkaClients clients;
    private final IngestTopics topics;
    private final IngestConfig config;
    private volatile Producer<String, byte[]> producer;

    public KafkaRecordLog(KafkaClients clients, IngestTopics topics, IngestConfig config) {
        this.clients = clients;
        this.topics = topics;
        this.config = config;
    }

    @Override
    public Uni<Void> send(ProducerRecord<String, byte[]> record) {
        return Uni.createFrom().emitter(emitter -> producer().send(record, (metadata, error) -> {
            if (error != null) {
                emitter.fail(error);
            } else {
                emitter.complete(null);
            }
        }));
    }

    private Producer<String, byte[]> producer() {
        Producer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    topics.ensure(); // before a broker could auto-create retail.catalog without compaction
                    Map<String, Object> settings = clients.producer("ingest-records");
                    long timeout = config.ackTimeout().toMillis();
                    settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout);
                    // delivery.timeout must cover linger + request.timeout
                    settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout / 2, 30_000));
                    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
                    producer = new KafkaProducer<>(settings);
                }
                p = producer;
            }
        }
        return p;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
