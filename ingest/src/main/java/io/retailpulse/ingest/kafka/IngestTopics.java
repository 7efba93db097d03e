package io.retailpulse.ingest.kafka;

import io.retailpulse.common.events.CatalogEvent;
import io.retailpulse.ingest.platform.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Topics only ingest writes and whose settings matter: the window markers (internal, 7 days) and the compacted
 * catalog. Created on first use, idempotently; the platform topics are created by the stack.
 */
@ApplicationScoped
public class IngestTopics {
    /** Internal: one marker per committed transaction window, read back only after a crash. */
    public static final String WINDOW_MARKERS = "ingest.windows";

    private static final Logger LOG = Logger.getLogger(IngestTopics.class);

    private final KafkaClients clients;
    private final IngestConfig config;
    private volatile boolean ensured;

    public IngestTopics(KafkaClients clients, IngestConfig config) {
        this.clients = clients;
        this.config = config;
    }

    /** Creates the topics that are missing; blocking, call from a worker thread. */
    public synchronized void ensure() {
        if (ensured) {
            return;
        }
        List<NewTopic> wanted = List.of(
                new NewTopic(WINDOW_MARKERS, Optional.of(1), Optional.empty())
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(TimeUnit.DAYS.toMillis(7)))),
                new NewTopic(CatalogEvent.TOPIC, Optional.of(1), Optional.empty())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        // Bounded by kafka-timeout: with the broker away this runs inside an upload, which must be answered soon.
        long timeout = config.kafkaTimeout().toMillis();
        Map<String, Object> settings = clients.base();
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeout / 2));
        Admin admin = Admin.create(settings);
        try {
            Set<String> existing = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
            for (NewTopic topic : wanted) {
                if (existing.contains(topic.name())) {
                    continue;
                }
                try {
                    admin.createTopics(List.of(topic)).all().get(timeout, TimeUnit.MILLISECONDS);
                    LOG.infof("created topic %s", topic.name());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            ensured = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating ingest topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create ingest topics: " + e, e);
        } finally {
            admin.close(Duration.ZERO); // a default close would wait for the pending call to time out
        }
    }
}
