package io.retailpulse.analytics.dashboard;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.common.events.AlertEvent;
import io.retailpulse.stack.testing.KafkaTestResource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
        given().when().get("/api/v1/alerts/stream").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void everyOpenStreamGetsEachAlertAsItsJson() throws Exception {
        kafka.awaitConsumerListening(base, "test-key", Duration.ofSeconds(60));
        try (LiveAlerts.Stream first = new LiveAlerts.Stream(base, "test-key");
                LiveAlerts.Stream second = new LiveAlerts.Stream(base, "test-key")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> first.saw("event:ready") && second.saw("event:ready"));
            AlertEvent alert =
                    LiveAlerts.alert("live-" + UUID.randomUUID(), 7, "late delivery", "where is \"it\"?\nday 3");
            kafka.publish(alert);
            for (LiveAlerts.Stream stream : List.of(first, second)) {
                await().atMost(Duration.ofSeconds(15)).until(() -> stream.saw(alert.alertId()));
                List<String> event = eventWith(stream.lines, "id:" + alert.alertId());
                assertTrue(event.contains("event:alert"), event.toString());
                String data = event.stream()
                        .filter(l -> l.startsWith("data:"))
                        .findFirst()
                        .orElseThrow();
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
            assertTrue(
                    reason != null && new String(reason.value(), StandardCharsets.UTF_8).contains("not an AlertEvent"),
                    () -> "reason: " + (reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(15)).until(() -> stream.saw(after.alertId()));
            assertTrue(stream.lines.stream().noneMatch(l -> l.contains("bad-")), stream.lines.toString());
        }
    }

    /** A kind of poison on feedback.alerts: its name, its value made from a good alert's JSON, the reason expected. */
    record Poison(String name, Function<ObjectNode, byte[]> value, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Poison> poison() {
        return Stream.of(
                new Poison("a null value", n -> null, "not an AlertEvent: record has no value (null)"),
                new Poison(
                        "bytes that are not UTF-8",
                        n -> {
                            byte[] good = n.put("text", "caf\u00e9 was cold")
                                    .toString()
                                    .getBytes(StandardCharsets.UTF_8);
                            for (int i = 0; i < good.length; i++) {
                                if (good[i] == (byte) 0xC3) {
                                    good[i + 1] = (byte) 0x28; // a lead byte without its continuation
                                }
                            }
                            return good;
                        },
                        "not an AlertEvent: value is not valid UTF-8 (bad byte 0xC3 at offset"),
                new Poison(
                        "trailing garbage after the JSON",
                        n -> (n + " trailing").getBytes(StandardCharsets.UTF_8),
                        "not an AlertEvent"),
                new Poison(
                        "a number where text belongs",
                        n -> n.put("topicLabel", 42).toString().getBytes(StandardCharsets.UTF_8),
                        "not an AlertEvent"),
                new Poison(
                        "a null similarity",
                        n -> n.putNull("similarity").toString().getBytes(StandardCharsets.UTF_8),
                        "not an AlertEvent"),
                new Poison(
                        "a topic label longer than its column",
                        n -> n.put("topicLabel", "l".repeat(256)).toString().getBytes(StandardCharsets.UTF_8),
                        "not an AlertEvent: topicLabel has 256 characters, at most 255"),
                new Poison(
                        "an unpaired surrogate",
                        n -> n.toString().replace("\"poison\"", "\"\\ud800\"").getBytes(StandardCharsets.UTF_8),
                        "not an AlertEvent: text has an unpaired UTF-16 surrogate"),
                new Poison(
                        "a 900 KB field",
                        n -> n.put("userId", "u".repeat(900 * 1024)).toString().getBytes(StandardCharsets.UTF_8),
                        "not an AlertEvent: record value has 921"));
    }

    @ParameterizedTest(name = "feedback.alerts: {0}")
    @MethodSource("poison")
    void poisonIsDeadLetteredWithItsReasonAndTheNextAlertIsShown(Poison poison) throws Exception {
        kafka.awaitConsumerListening(base, "test-key", Duration.ofSeconds(60));
        try (LiveAlerts.Stream stream = new LiveAlerts.Stream(base, "test-key")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.saw("event:ready"));
            String key = "poison-" + UUID.randomUUID();
            AlertEvent bad = LiveAlerts.alert(key, 7, "late delivery", "poison");
            byte[] value = poison.value().apply(LiveAlerts.JSON.valueToTree(bad));
            kafka.publishBytes(key, value);
            AlertEvent after = LiveAlerts.alert("after-" + UUID.randomUUID(), 7, "late delivery", "still late");
            kafka.publish(after);

            ConsumerRecord<String, byte[]> dead = deadLetterWithKey(key);
            Header reason = dead.headers().lastHeader("dead-letter-reason");
            String why = reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8);
            assertTrue(why != null && why.startsWith(poison.reason()), () -> "reason: " + why);
            if (value != null) {
                assertArrayEquals(value, dead.value(), "the dead letter is the record as it came");
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> stream.saw(after.alertId()));
            assertTrue(stream.lines.stream().noneMatch(l -> l.contains(key)), "the poison is not shown");
        }
    }

    private static ConsumerRecord<String, byte[]> deadLetterWithKey(String key) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaTestResource.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "dlq-check-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("feedback.alerts.dlq"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key())) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no dead letter for " + key);
    }

    private static ConsumerRecord<String, String> deadLetter(String value) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaTestResource.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "dlq-check-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
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
