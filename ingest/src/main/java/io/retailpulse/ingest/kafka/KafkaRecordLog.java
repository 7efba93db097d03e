package io.retailpulse.ingest.kafka;

import io.retailpulse.ingest.platform.IngestConfig;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * {@link RecordLog} on one shared idempotent producer (thread-safe, batches across uploads). While
 * {@link BrokerStatus} knows the broker is away a record fails at once (the upload is a 503 within seconds, not
 * after a minute of {@code delivery.timeout.ms}); a send that times out tells it so.
 */
@ApplicationScoped
public class KafkaRecordLog implements RecordLog {
    private final KafkaClients clients;
    private final IngestTopics topics;
    private final IngestConfig config;
    private final BrokerStatus status;
    private volatile Producer<String, byte[]> producer;

    public KafkaRecordLog(KafkaClients clients, IngestTopics topics, IngestConfig config, BrokerStatus status) {
        this.clients = clients;
        this.topics = topics;
        this.config = config;
        this.status = status;
    }

    @Override
    public Uni<Void> send(ProducerRecord<String, byte[]> record) {
        return Uni.createFrom().emitter(emitter -> {
            if (!status.isReachable()) {
                emitter.fail(new KafkaException("the Kafka broker has not answered since " + status.unreachableAt()));
                return;
            }
            producer().send(record, (metadata, error) -> {
                if (error != null) {
                    status.failed(error);
                    emitter.fail(error);
                } else {
                    emitter.complete(null);
                }
            });
        });
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
                    // send() waits for metadata at most kafka-timeout (it runs inside an upload); records already
                    // handed over keep ack-timeout, since a large import under load may need it.
                    settings.put(
                            ProducerConfig.MAX_BLOCK_MS_CONFIG,
                            config.kafkaTimeout().toMillis());
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
