package io.retailpulse.ingest.connectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.common.events.Topics;
import io.retailpulse.ingest.testing.TopicReader;
import io.retailpulse.stack.testing.KafkaTestResource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every connector IT runs against: the local stream stub on {@link StubProfile}'s port and a capture of the
 * log (to prove tokens never appear), both once per test class.
 */
abstract class StubbedConnectorIT {
    static StreamStub stub;
    static LogCapture logs;

    @BeforeAll
    static void startStub() throws Exception {
        stub = new StreamStub(StubProfile.port());
        logs = LogCapture.install();
    }

    @AfterAll
    static void stopStub() throws Exception {
        logs.close();
        stub.close();
    }

    /** A base for post ids no earlier run used (the broker and database outlive one test class). */
    static long freshIdBase() {
        return Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000L);
    }

    static void start(String connector) {
        given().auth()
                .oauth2("test-key")
                .when()
                .post("/api/v1/connectors/" + connector + "/start")
                .then()
                .statusCode(200);
    }

    /** The first {@code count} records on feedback.raw that carry {@code marker} (waits up to 60 s). */
    static List<ConsumerRecord<String, String>> posts(String marker, int count) {
        return TopicReader.read(
                KafkaTestResource.bootstrapServers(),
                Topics.FEEDBACK_RAW,
                v -> v.contains(marker),
                count,
                Duration.ofSeconds(60));
    }

    /** How often each externalId came; every record must be of {@code source}. */
    static Map<String, Integer> perExternalId(List<ConsumerRecord<String, String>> raw, String source) {
        Map<String, Integer> perId = new HashMap<>();
        for (ConsumerRecord<String, String> r : raw) {
            perId.merge(r.value().replaceAll(".*\"externalId\":\"([^\"]+)\".*", "$1"), 1, Integer::sum);
            assertTrue(r.value().contains("\"source\":\"" + source + "\""), r.value());
        }
        return perId;
    }
}
