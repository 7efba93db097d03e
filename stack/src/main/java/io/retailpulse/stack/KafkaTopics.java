package io.retailpulse.stack;

import io.retailpulse.common.events.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/** Creates the platform's topics on a broker, idempotently, and checks that a broker answers. */
public final class KafkaTopics {
    private static final Logger LOG = Logger.getLogger(KafkaTopics.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private KafkaTopics() {}

    /**
     * Main topics get {@code mainPartitions}, dead-letter twins one partition: they only carry failures. The forecast
     * runs' work topic gets at least 12 (k8s/base/topics.yaml): its partitions cap how many forecasting replicas and
     * consumers per replica share a run.
     */
    public static ToIntFunction<String> partitions(int mainPartitions) {
        return topic -> topic.equals(Topics.FORECASTING_WORK)
                ? Math.max(12, mainPartitions)
                : Topics.MAIN.contains(topic) ? mainPartitions : 1;
    }

    /** Creates every topic in {@link Topics#all()} that is missing; replication is the broker's default. */
    public static void ensure(String bootstrap, Map<String, String> clientConfig, ToIntFunction<String> partitions) {
        ensure(bootstrap, clientConfig, Topics.all(), partitions);
    }

    public static void ensure(
            String bootstrap, Map<String, String> clientConfig, List<String> topics, ToIntFunction<String> partitions) {
        try (Admin admin = Admin.create(adminConfig(bootstrap, clientConfig))) {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, Optional.of(partitions.applyAsInt(topic)), Optional.empty()))
                    .toList();
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            LOG.debugf(
                    "topics on %s: %d created, %d already there",
                    bootstrap, missing.size(), topics.size() - missing.size());
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new StackException("cannot create the Kafka topics on " + bootstrap + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while creating Kafka topics");
        }
    }

    /** True if a broker at {@code bootstrap} answers a describe-cluster request within {@code timeout}. */
    public static boolean answers(String bootstrap, Map<String, String> clientConfig, Duration timeout) {
        Map<String, Object> config = adminConfig(bootstrap, clientConfig);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Map<String, Object> adminConfig(String bootstrap, Map<String, String> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "pulse-stack-admin");
        // Fail fast instead of retrying against a broker that is not there.
        config.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return config;
    }
}
