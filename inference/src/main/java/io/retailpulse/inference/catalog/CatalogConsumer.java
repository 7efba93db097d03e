package io.retailpulse.inference.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.quarkus.runtime.StartupEvent;
import io.retailpulse.common.events.CatalogEvent;
import io.retailpulse.common.events.RecordValues;
import io.retailpulse.common.values.Ids;
import io.retailpulse.inference.config.NlpConfig;
import io.retailpulse.inference.kafka.RecordReader;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code retail.catalog} (compacted) → the in-memory {@link Gazetteer}. At start-up the whole topic is read up to its
 * end offsets before scoring begins ({@link #loaded()}; at most {@code catalog.preload-timeout}); afterwards the
 * {@code catalog} channel (a fresh consumer group per start, no commits, from the beginning again: re-applying an
 * entry changes nothing) follows updates. Each replica holds the whole current catalog; a tombstone removes an entry.
 *
 * <p>A record that is no catalog entry (bytes that are not UTF-8, unreadable or trailing JSON, a wrong type, an
 * unknown kind, no id, a field longer than ingest's catalog columns) is logged with the reason and skipped, not
 * dead-lettered: the topic is compacted and every replica reads it from the start at every start, so a dead-letter
 * topic would get each bad entry again per replica and restart. ingest, which owns the topic, validates what it
 * writes; skipping only means the name is not recognised.
 */
@ApplicationScoped
public class CatalogConsumer {
    private static final Logger LOG = Logger.getLogger(CatalogConsumer.class);

    // column sizes of ingest's catalog_store / catalog_product (V2__catalog.sql)
    private static final int MAX_NAME = 200;
    private static final int MAX_DETAIL = 120;
    private static final int MAX_RECORD_BYTES = 64 * 1024;

    private final Gazetteer gazetteer;
    private final RecordReader<CatalogEvent> reader;
    private final Map<String, Object> kafka;
    private final Duration preloadTimeout;
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();

    public CatalogConsumer(
            Gazetteer gazetteer,
            ObjectMapper json,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            NlpConfig config) {
        this.gazetteer = gazetteer;
        this.reader = new RecordReader<>(json, CatalogEvent.class, MAX_RECORD_BYTES, CatalogConsumer::problem);
        this.kafka = kafka;
        this.preloadTimeout = config.catalog().preloadTimeout();
    }

    /** Completes once the catalog as it was at start-up is in the gazetteer (or the preload gave up). */
    public CompletionStage<Void> loaded() {
        return loaded;
    }

    /** One poll of the channel, as the other consumers of inference take theirs. */
    @Incoming("catalog")
    public void consume(ConsumerRecords<String, byte[]> records) {
        records.forEach(this::apply);
    }

    /** A tombstone removes the entry, a valid entry replaces it, anything else is skipped with the reason. */
    void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                gazetteer.remove(record.key());
            }
            return;
        }
        try {
            gazetteer.put(reader.parse(record.value()));
        } catch (IllegalArgumentException e) {
            LOG.warnf(
                    "catalog record %s (%s-%d@%d) skipped: %s",
                    record.key(), record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    /** The catalog entry in a record's value; an {@link IllegalArgumentException} says why there is none. */
    static CatalogEvent parse(ObjectReader json, byte[] value) {
        return new RecordReader<>(json, CatalogEvent.class, MAX_RECORD_BYTES, CatalogConsumer::problem).parse(value);
    }

    /** Why a parsed value is no catalog entry, or null: its kind, its id and the columns of ingest's catalog. */
    static String problem(CatalogEvent e) {
        if (e == null || !(CatalogEvent.STORE.equals(e.kind()) || CatalogEvent.PRODUCT.equals(e.kind()))) {
            return "kind must be store or product";
        }
        if (e.id() == null || e.id().isBlank()) {
            return "id is missing";
        }
        return RecordValues.first(
                RecordValues.varchar("id", e.id(), Ids.MAX_CHARS),
                RecordValues.varchar("name", e.name(), MAX_NAME),
                RecordValues.varchar("city", e.city(), MAX_DETAIL),
                RecordValues.varchar("region", e.region(), MAX_DETAIL),
                RecordValues.varchar("brand", e.brand(), MAX_DETAIL),
                RecordValues.varchar("category", e.category(), MAX_DETAIL));
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
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        int records = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(CatalogEvent.TOPIC, preloadTimeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, preloadTimeout);
            // position, not the last record's offset: transaction markers and compaction leave gaps
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() - t0 > preloadTimeout.toNanos()) {
                    LOG.warnf(
                            "catalog preload stopped after %s with %d records; the channel will catch up",
                            preloadTimeout, records);
                    return;
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    apply(r);
                    records++;
                }
            }
            LOG.infof(
                    "catalog preloaded: %d records, %d entries in %d ms",
                    records, gazetteer.size(), (System.nanoTime() - t0) / 1_000_000);
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
                    .all()
                    .get(10, TimeUnit.SECONDS);
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
