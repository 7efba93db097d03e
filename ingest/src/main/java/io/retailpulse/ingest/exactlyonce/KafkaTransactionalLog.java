package io.retailpulse.ingest.exactlyonce;

import io.retailpulse.ingest.kafka.BrokerStatus;
import io.retailpulse.ingest.kafka.IngestTopics;
import io.retailpulse.ingest.kafka.KafkaClients;
import io.retailpulse.ingest.kafka.Records;
import io.retailpulse.ingest.platform.IngestConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * {@link TransactionalLog} on one transactional producer ({@code transactional.id = pulse.ingest.producer-id}).
 * One transaction at a time per producer, so windows of concurrent uploads take turns. Every call is bounded by
 * {@code pulse.ingest.kafka-timeout} and tells {@link BrokerStatus} whether the broker answered.
 */
@ApplicationScoped
public class KafkaTransactionalLog implements TransactionalLog {
    private static final Logger LOG = Logger.getLogger(KafkaTransactionalLog.class);

    private final KafkaClients clients;
    private final IngestTopics topics;
    private final IngestConfig config;
    private final BrokerStatus status;
    private KafkaProducer<String, byte[]> producer;

    public KafkaTransactionalLog(KafkaClients clients, IngestTopics topics, IngestConfig config, BrokerStatus status) {
        this.clients = clients;
        this.topics = topics;
        this.config = config;
        this.status = status;
    }

    @Override
    public synchronized void publishAtomically(String windowId, List<ProducerRecord<String, byte[]>> records) {
        try {
            // here, where every window passes (first attempt, retries, the spool's drain), so that no record Kafka
            // refuses can fail a window again and again
            publish(windowId, Records.fitForKafka(records));
            status.reachable();
        } catch (RuntimeException e) {
            status.failed(e);
            throw e;
        }
    }

    private void publish(String windowId, List<ProducerRecord<String, byte[]>> records) {
        KafkaProducer<String, byte[]> p = producer();
        // A send that cannot reach the broker fails after max.block.ms; stop there instead of once per record.
        AtomicReference<Exception> failed = new AtomicReference<>();
        Callback onError = (metadata, error) -> {
            if (error != null) {
                failed.compareAndSet(null, error);
            }
        };
        try {
            p.beginTransaction();
            for (ProducerRecord<String, byte[]> record : records) {
                if (failed.get() != null) {
                    throw new KafkaException("a send of window " + windowId + " failed", failed.get());
                }
                p.send(record, onError);
            }
            p.send(new ProducerRecord<>(
                    IngestTopics.WINDOW_MARKERS, windowId, config.producerId().getBytes(StandardCharsets.UTF_8)));
            // Flushes and fails if any send failed: then nothing of the window becomes visible.
            p.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            discardProducer();
            throw e;
        } catch (KafkaException e) {
            if (BrokerStatus.isUnreachable(e)) {
                // The broker did not answer: an abort would block another max.block.ms. The next producer's
                // initTransactions aborts (or completes) what this one left, and the marker tells which.
                discardProducer();
                throw e;
            }
            try {
                p.abortTransaction();
            } catch (KafkaException abortFailed) {
                // An abort that cannot reach the broker: the next producer's initTransactions aborts it.
                discardProducer();
            }
            throw e;
        } catch (RuntimeException e) {
            discardProducer();
            throw e;
        }
    }

    @Override
    public synchronized Set<String> committedWindowsSince(Instant since) {
        try {
            Set<String> committed = readMarkers(since);
            status.reachable();
            return committed;
        } catch (RuntimeException e) {
            status.failed(e);
            throw e;
        }
    }

    private Set<String> readMarkers(Instant since) {
        producer(); // initTransactions: fences and aborts what an earlier run left open
        Map<String, Object> settings = clients.base();
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // Bounded like every other Kafka call, not the consumer's default minute, when the broker is away.
        int timeout = (int) config.kafkaTimeout().toMillis();
        settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        settings.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1000, timeout / 2));
        Set<String> committed = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings)) {
            List<TopicPartition> partitions = consumer.partitionsFor(IngestTopics.WINDOW_MARKERS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> query = new java.util.HashMap<>();
            partitions.forEach(tp -> query.put(tp, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(query);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp offset = start.get(tp);
                consumer.seek(tp, offset == null ? end.get(tp) : offset.offset());
            }
            // Each poll is short; the whole read (up to 7 days of markers) gets the longer ack-timeout.
            long deadline = System.nanoTime() + config.ackTimeout().toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "reading " + IngestTopics.WINDOW_MARKERS + " took over " + config.ackTimeout());
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (config.producerId().equals(r.value())) {
                        committed.add(r.key());
                    }
                }
            }
        }
        return committed;
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            topics.ensure();
            Map<String, Object> settings = clients.producer("ingest-tx-" + config.producerId());
            // max.block.ms bounds send() waiting for metadata, initTransactions and commitTransaction: with the
            // broker away each of them gives up after kafka-timeout instead of holding the upload for a minute.
            long timeout = config.kafkaTimeout().toMillis();
            settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.producerId());
            settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
            int request = (int) Math.max(1000, Math.min(timeout / 2, 30_000));
            settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
            // delivery.timeout must cover linger + request.timeout
            settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout, request + 100));
            settings.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Math.max(timeout * 2, 60_000));
            KafkaProducer<String, byte[]> p = new KafkaProducer<>(settings);
            try {
                p.initTransactions();
            } catch (RuntimeException e) {
                p.close(Duration.ZERO);
                throw e;
            }
            producer = p;
            LOG.infof("transactional producer %s ready", config.producerId());
        }
        return producer;
    }

    private void discardProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }
}
