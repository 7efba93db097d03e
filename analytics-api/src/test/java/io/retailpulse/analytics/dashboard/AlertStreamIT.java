package io.retailpulse.analytics.dashboard;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.common.events.AlertEvent;
import io.retailpulse.stack.testing.KafkaTestResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** feedback.alerts → every open {@code /api/v1/alerts/stream}, through a real Kafka broker. */
@QuarkusTest
@QuarkusTestResource(value = DashboardTestResource.class, restrictToAnnotatedClass = true)
class AlertStreamIT {
    @TestHTTPResource("/")
    URI base;

    static LiveAlerts kafka;

    @BeforeAll
    static void producer() {
        kafka = new LiveAlerts();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void streamNeedsTheApiKey() {
        given().when().get("/api/v1/alerts/stream").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void everyOpenStreamGetsEachAlertAsItsJson() throws Exception {
        kafka.awaitConsumerListening(base, "test-key", Duration.ofSeconds(60));
        try (LiveAlerts.Stream first = new LiveAlerts.Stream(base, "test-key");
                LiveAlerts.Stream second = new LiveAlerts.Stream(base, "test-key")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> first.saw("event:ready") && second.saw("event:ready"));
            AlertEvent alert = LiveAlerts.alert("live-" + UUID.randomUUID(), 7, "late delivery", "where is \"it\"?\nday 3");
            kafka.publish(alert);
            for (LiveAlerts.Stream stream : List.of(first, second)) {
                await().atMost(Duration.ofSeconds(15)).until(() -> stream.saw(alert.alertId()));
                List<String> event = eventWith(stream.lines, "id:" + alert.alertId());
                assertTrue(event.contains("event:alert"), event.toString());
                String data = event.stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow();
                assertEquals(alert, LiveAlerts.JSON.readValue(data.substring(5), AlertEvent.class));
            }
        }
    }

    @Test
    void recordThatIsNoAlertGoesToTheDeadLetterTopicWithItsReasonAndTheStreamGoesOn() throws Exception {
        kafka.awaitConsumerListening(base, "test-key", Duration.ofSeconds(60));
        try (LiveAlerts.Stream stream = new LiveAlerts.Stream(base, "test-key")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.saw("event:ready"));
            String bad = "{\"alertId\":\"bad-" + UUID.randomUUID() + "\",\"topicId\":\"not a number\"}";
            kafka.publishRaw("7", bad);
            AlertEvent after = LiveAlerts.alert("after-" + UUID.randomUUID(), 7, "late delivery", "still late");
            kafka.publish(after);

            ConsumerRecord<String, String> dead = deadLetter(bad);
            Header reason = dead.headers().lastHeader("dead-letter-reason");
            assertTrue(reason != null && new String(reason.value(), StandardCharsets.UTF_8).contains("not an AlertEvent"),
                    () -> "reason: " + (reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(15)).until(() -> stream.saw(after.alertId()));
            assertTrue(stream.lines.stream().noneMatch(l -> l.contains("bad-")), stream.lines.toString());
        }
    }

    private static ConsumerRecord<String, String> deadLetter(String value) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("feedback.alerts.dlq"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (value.equals(r.value())) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no dead letter for " + value);
    }

    /** The lines of the server-sent event (a block up to an empty line) that holds the given line. */
    private static List<String> eventWith(List<String> lines, String line) {
        int at = lines.indexOf(line);
        if (at < 0) {
            throw new AssertionError(line + " not in " + lines);
        }
        int start = at;
        while (start > 0 && !lines.get(start - 1).isEmpty()) {
            start--;
        }
        int end = at;
        while (end < lines.size() && !lines.get(end).isEmpty()) {
            end++;
        }
        return lines.subList(start, end);
    }
}
