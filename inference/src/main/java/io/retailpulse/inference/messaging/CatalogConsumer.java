package io.retailpulse.inference.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.retailpulse.common.events.CatalogEvent;
import io.retailpulse.inference.domain.Gazetteer;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code retail.catalog} (compacted) → the in-memory {@link Gazetteer}. Every start reads the topic from the
 * beginning (a fresh consumer group, no commits), so each replica holds the whole current catalog; a tombstone
 * removes an entry.
 */
@ApplicationScoped
public class CatalogConsumer {
    private static final Logger LOG = Logger.getLogger(CatalogConsumer.class);

    private final Gazetteer gazetteer;
    private final ObjectMapper json;
    private final Map<String, Object> kafka;

    public CatalogConsumer(Gazetteer gazetteer, ObjectMapper json,
            @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.gazetteer = gazetteer;
        this.json = json;
        this.kafka = kafka;
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
    void ensureTopic(@Observes StartupEvent event) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (v != null && !v.toString().isBlank()) {
                config.put(k, v);
            }
        });
        try (Admin admin = Admin.create(config)) {
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
