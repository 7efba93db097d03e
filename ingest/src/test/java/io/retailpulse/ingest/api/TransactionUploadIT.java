package io.retailpulse.ingest.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.common.events.DeadLetterHeaders;
import io.retailpulse.common.events.Topics;
import io.retailpulse.stack.testing.KafkaTestResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Through a real Kafka broker: what the answer says accepted is on the topic, what it rejected is dead-lettered. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class TransactionUploadIT {

    @Test
    void publishesAcceptedRowsKeyedByStoreProductAndDeadLettersBrokenRows() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String csv = TransactionResourceTest.csvWithBrokenRows(100, 10).replace("tx-", run + "-");

        given().auth().oauth2("test-key").contentType("text/csv").body(csv)
                .when().post("/api/v1/transactions")
                .then().statusCode(200).body("accepted", equalTo(90)).body("rejected", equalTo(10));

        List<ConsumerRecord<String, String>> published = drain(Topics.TRANSACTIONS, run, 90);
        assertEquals(90, published.size());
        Map<String, Integer> perId = new HashMap<>();
        for (ConsumerRecord<String, String> r : published) {
            String id = r.value().replaceAll(".*\"transactionId\":\"([^\"]+)\".*", "$1");
            perId.merge(id, 1, Integer::sum);
            assertTrue(r.key().matches("S[01]\\|P[0-3]"), r.key());
        }
        assertEquals(90, perId.size(), "every accepted row exactly once");

        List<ConsumerRecord<String, String>> dead = drain(Topics.dlq(Topics.TRANSACTIONS), run, 10);
        assertEquals(10, dead.size());
        for (ConsumerRecord<String, String> r : dead) {
            assertEquals("quantity -1 is negative",
                    new String(r.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8));
            assertTrue(r.value().contains(",-1,"), r.value());
        }
    }

    /** Every record of the topic whose value contains {@code marker}, reading until {@code expected} or 20 s pass. */
    private static List<ConsumerRecord<String, String>> drain(String topic, String marker, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            // Keep reading a little after reaching the count, so a duplicate would be seen too.
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                    if (r.value() != null && r.value().contains(marker)) {
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
}
