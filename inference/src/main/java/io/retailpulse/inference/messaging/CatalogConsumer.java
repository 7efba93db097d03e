package io.retailpulse.inference.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.retailpulse.common.events.CatalogEvent;
import io.retailpulse.inference.config.NlpConfig;
import io.retailpulse.inference.domain.Gazetteer;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code retail.catalog} (compacted) → the in-memory {@link Gazetteer}. At start-up the whole topic is read up to its
 * end offsets before scoring begins ({@link #loaded()}; at most {@code catalog.preload-timeout}); afterwards the
 * {@code catalog} channel (a fresh consumer group per start, no commits, from the beginning again: re-applying an
 * entry changes nothing) follows updates. Each replica holds the whole current catalog; a tombstone removes an entry.
 */
@ApplicationScoped
public class CatalogConsumer {
    private static final Logger LOG = Logger.getLogger(CatalogConsumer.class);

    private final Gazetteer gazetteer;
    private final ObjectMapper json;
    private final Map<String, Object> kafka;
    private final Duration preloadTimeout;
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();

    public CatalogConsumer(Gazetteer gazetteer, ObjectMapper json,
            @Identifier("default-kafka-broker") Map<String, Object> kafka, NlpConfig config) {
        this.gazetteer = gazetteer;
        this.json = json;
        this.kafka = kafka;
        this.preloadTimeout = config.catalog().preloadTimeout();
    }

    /** Completes once the catalog as it was at start-up is in the gazetteer (or the preload gave up). */
    public CompletionStage<Void> loaded() {
        return loaded;
    }

    @Incoming("catalog")
    public void consume(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                gazetteer.remove(record.key());
            }
            return;
        }
        try {
            gazetteer.put(json.readValue(record.value(), CatalogEvent.class));
        } catch (Exception e) {
            // not ours to dead-letter (ingest owns the topic); an unreadable entry is only not recognised
            LOG.warnf("unreadable catalog record %s@%d: %s", record.key(), record.offset(), e.getMessage());
        }
    }

    /**
     * Creates the compacted topic as ingest would, if nobody has yet: the consumer does not auto-create it (that
     * would make it a plain, deleting topic) and would otherwise wait for ingest's first catalog write.
     */
    void start(@Observes StartupEvent event) {
        try {
            ensureTopic();
            preload();
        } finally {
            loaded.complete(null);
        }
    }

    private Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (v != null && !v.toString().isBlank()) {
                config.put(k, v);
            }
        });
        return config;
    }

    /** Reads every partition from the beginning up to the end offsets it had when the read began. */
    void preload() {
        long t0 = System.nanoTime();
        Map<String, Object> config = clientConfig();
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        int records = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(CatalogEvent.TOPIC, preloadTimeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, preloadTimeout);
            // position, not the last record's offset: transaction markers and compaction leave gaps
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() - t0 > preloadTimeout.toNanos()) {
                    LOG.warnf("catalog preload stopped after %s with %d records; the channel will catch up",
                            preloadTimeout, records);
                    return;
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    consume(r);
                    records++;
                }
            }
            LOG.infof("catalog preloaded: %d records, %d entries in %d ms", records, gazetteer.size(),
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception e) {
            LOG.warnf("catalog preload failed (%s); the channel will catch up", e.toString());
        }
    }

    private void ensureTopic() {
        try (Admin admin = Admin.create(clientConfig())) {
            if (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(CatalogEvent.TOPIC)) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(CatalogEvent.TOPIC, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(10, TimeUnit.SECONDS);
            LOG.infof("created topic %s", CatalogEvent.TOPIC);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warnf("cannot create %s: %s (waiting for ingest to)", CatalogEvent.TOPIC, e.getCause());
            }
        } catch (Exception e) {
            LOG.warnf("cannot create %s: %s (waiting for ingest to)", CatalogEvent.TOPIC, e.toString());
        }
    }
}
