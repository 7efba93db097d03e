package io.retailpulse.ingest.testing;

import io.retailpulse.stack.testing.KafkaTestResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic of the test broker from the beginning, as a read_committed consumer downstream would. */
public final class TopicReader {
    private TopicReader() {}

    /**
     * Every record whose value matches, reading until {@code expected} were found and then 2 s more (so a
     * duplicate would be seen too), or until {@code timeout}.
     */
    public static List<ConsumerRecord<String, String>> read(
            String bootstrap, String topic, Predicate<String> value, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                    if (r.value() != null && value.test(r.value())) {
                        found.add(r);
                    }
                }
                if (found.size() >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return found;
    }

    /**
     * Opens a watch on the committed end of every partition of {@code topic}, taken now, before the records it waits
     * for are written.
     */
    public static Watch watch(String bootstrap, String topic) {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .forEach(i -> latest.put(new TopicPartition(topic, i.partition()), OffsetSpec.latest()));
            Watch watch = new Watch(admin, topic, latest);
            watch.baseline = watch.committedEnd();
            return watch;
        } catch (InterruptedException e) {
            admin.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | RuntimeException e) {
            admin.close();
            throw new IllegalStateException("cannot describe " + topic, e);
        }
    }

    /** The read_committed end offsets of a topic, compared with those taken when the watch opened. */
    public static final class Watch implements AutoCloseable {
        private final Admin admin;
        private final String topic;
        private final Map<TopicPartition, OffsetSpec> latest; // the topic's partitions, described once
        private long baseline;

        private Watch(Admin admin, String topic, Map<TopicPartition, OffsetSpec> latest) {
            this.admin = admin;
            this.topic = topic;
            this.latest = latest;
        }

        /**
         * Waits until a transaction has been committed on the topic since the watch opened: a test that must act once
         * part of a stream is through waits on this instead of sleeping a guessed time.
         */
        public boolean awaitCommitted(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (committedEnd() > baseline) {
                    return true;
                }
                Thread.sleep(20);
            }
            return false;
        }

        private long committedEnd() {
            try {
                return admin
                        .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .all()
                        .get()
                        .values()
                        .stream()
                        .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                        .sum();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot read the end offsets of " + topic, e);
            }
        }

        @Override
        public void close() {
            admin.close(Duration.ofSeconds(1));
        }
    }

    public static List<ConsumerRecord<String, String>> read(String topic, String marker, int expected) {
        return read(
                KafkaTestResource.bootstrapServers(), topic, v -> v.contains(marker), expected, Duration.ofSeconds(30));
    }
}
