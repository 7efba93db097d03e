package io.retailpulse.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.common.events.Topics;
import io.retailpulse.stack.testing.KafkaTestResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaTestResourceIT {

    @Test
    void brokerHasEveryTopicAndCarriesARecord() throws Exception {
        Map<String, String> config = new KafkaTestResource().start();
        String bootstrap = config.get("kafka.bootstrap.servers");
        assertTrue(bootstrap.startsWith("127.0.0.1:"), bootstrap);
        assertEquals(bootstrap, new KafkaTestResource().start().get("kafka.bootstrap.servers"), "one broker per JVM");

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            assertTrue(names.containsAll(Topics.all()), names.toString());
            assertEquals(
                    2,
                    admin.describeTopics(List.of(Topics.TRANSACTIONS))
                            .allTopicNames()
                            .get()
                            .get(Topics.TRANSACTIONS)
                            .partitions()
                            .size());
        }

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, "t-1", "hello"))
                    .get(10, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap, "group.id", "it", "auto.offset.reset", "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.TRANSACTIONS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    assertEquals("t-1", record.key());
                    assertEquals("hello", record.value());
                    return;
                }
            }
        }
        throw new AssertionError("no record consumed within 30 s");
    }
}
