package io.retailpulse.ingest.feedback;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.common.events.DeadLetterHeaders;
import io.retailpulse.common.events.Topics;
import io.retailpulse.ingest.exactlyonce.Spool;
import io.retailpulse.ingest.exactlyonce.SpoolDrainer;
import io.retailpulse.ingest.testing.TopicReader;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The feedback API through the real broker and MariaDB. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class FeedbackIT {
    private static String item(String externalId, String text) {
        return "{\"source\":\"review\",\"externalId\":\"" + externalId + "\",\"text\":\"" + text + "\","
                + "\"ts\":\"2024-05-01T12:00:00Z\",\"userId\":\"u-7\",\"tags\":[\"delivery\"]}";
    }

    @Test
    void publishesEachFeedbackOnceKeyedByItsStableEventId() {
        String ext = "r-" + UUID.randomUUID();
        String id = FeedbackService.eventId("review", ext);
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body(item(ext, "late again " + ext))
                .when()
                .post("/api/v1/feedback")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejected", equalTo(0))
                .body("ids", equalTo(List.of(id)))
                .body("duplicates", equalTo(0));
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"items\":[" + item(ext, "late again " + ext) + "]}")
                .when()
                .post("/api/v1/feedback")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("ids", equalTo(List.of(id)))
                .body("duplicates", equalTo(1));

        List<ConsumerRecord<String, String>> raw = TopicReader.read(Topics.FEEDBACK_RAW, ext, 1);
        assertEquals(1, raw.size(), "the re-sent feedback is not published twice");
        assertEquals(id, raw.get(0).key());
    }

    @Test
    void listsInvalidItemsOfABatchByIndexAndTakesTheOthers() {
        String ext = "r-" + UUID.randomUUID();
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"items\":[" + item(ext + "-a", "fine") + ",{\"source\":\"review\",\"text\":\"no id\","
                        + "\"ts\":\"2024-05-01T12:00:00Z\"}," + item(ext + "-b", "fine too") + "]}")
                .when()
                .post("/api/v1/feedback")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(2))
                .body("rejected", equalTo(1))
                .body("errors[0].index", equalTo(1))
                .body("errors[0].reason", equalTo("externalId is missing or empty"));
        assertEquals(2, TopicReader.read(Topics.FEEDBACK_RAW, ext, 2).size());
    }

    @Test
    void aFewMegabyteItemIsRejectedWithItsReasonAndTheItemsBesideItAreTaken() {
        // its dead letter once carried the whole 3 MB item: Kafka refused the record, the transaction failed, and
        // every good item beside it got a 503 "send it again later", on every retry
        String ext = "r-" + UUID.randomUUID();
        String huge = "terrible ".repeat(330_000);
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"items\":[" + item(ext + "-a", "fine") + "," + item(ext + "-huge", huge) + ","
                        + item(ext + "-b", "fine too") + "]}")
                .when()
                .post("/api/v1/feedback")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(2))
                .body("rejected", equalTo(1))
                .body("errors[0].index", equalTo(1))
                .body("errors[0].reason", equalTo("text is longer than 10000 characters"));
        assertEquals(2, TopicReader.read(Topics.FEEDBACK_RAW, ext, 2).size());
        List<ConsumerRecord<String, String>> dead = TopicReader.read(Topics.dlq(Topics.FEEDBACK_RAW), ext + "-huge", 1);
        assertEquals(1, dead.size());
        assertEquals(
                Integer.toString(item(ext + "-huge", huge).length()),
                new String(
                        dead.get(0)
                                .headers()
                                .lastHeader(DeadLetterHeaders.ORIGINAL_BYTES)
                                .value(),
                        StandardCharsets.UTF_8));
    }

    @Test
    void aMetadataValueOfMegabytesIsRejectedAndIngestKeepsPublishing() {
        // it had no limit: the event was valid, Kafka refused it, the window went to the spool and never drained,
        // and every later upload was answered 200 "spooled" and held there
        String ext = "r-" + UUID.randomUUID();
        String big = "{\"source\":\"review\",\"externalId\":\"" + ext + "-big\",\"text\":\"ok\","
                + "\"ts\":\"2024-05-01T12:00:00Z\",\"metadata\":{\"note\":\"" + "x".repeat(2_000_000) + "\"}}";
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"items\":[" + big + "," + item(ext + "-a", "fine") + "]}")
                .when()
                .post("/api/v1/feedback")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("errors[0].reason", equalTo("metadata.note is longer than 1000 characters"));
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body(item(ext + "-later", "later"))
                .when()
                .post("/api/v1/feedback")
                .then()
                .statusCode(200)
                .body("spooled", org.hamcrest.Matchers.nullValue());
        assertEquals(2, TopicReader.read(Topics.FEEDBACK_RAW, ext, 2).size());
    }

    @Inject
    Spool spool;

    @Inject
    SpoolDrainer drainer;

    @Test
    void aSpooledWindowHoldingARecordKafkaRefusesStillDrainsWithThatRecordDeadLettered() throws Exception {
        // a spool written before the size guard (or by any path that missed it): the drain must not stick on it
        String ext = "r-" + UUID.randomUUID();
        ProducerRecord<String, byte[]> huge = new ProducerRecord<>(
                Topics.FEEDBACK_RAW,
                ext + "-huge",
                (ext + "-huge " + "y".repeat(2_000_000)).getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, byte[]> good = new ProducerRecord<>(
                Topics.FEEDBACK_RAW,
                ext + "-good",
                ("{\"marker\":\"" + ext + "-good\"}").getBytes(StandardCharsets.UTF_8));
        org.junit.jupiter.api.Assertions.assertTrue(spool.write("w-" + ext, List.of(huge, good)));

        drainer.drain();

        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(spool::isEmpty);
        assertEquals(1, TopicReader.read(Topics.FEEDBACK_RAW, ext + "-good", 1).size());
        List<ConsumerRecord<String, String>> dead = TopicReader.read(Topics.dlq(Topics.FEEDBACK_RAW), ext + "-huge", 1);
        assertEquals(1, dead.size());
        assertEquals(ext + "-huge", dead.get(0).key());
    }

    @Test
    void answersAWhollyBadRequestWith400Problem() {
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("[1,2]")
                .when()
                .post("/api/v1/feedback")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("feedback object"));
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"source\":\"review\",\"externalId\":\"x\",\"text\":\"t\",\"ts\":\"yesterday\"}")
                .when()
                .post("/api/v1/feedback")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("ts 'yesterday' is not an ISO-8601"));
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"items\":[]}")
                .when()
                .post("/api/v1/feedback")
                .then()
                .statusCode(400)
                .body("detail", containsString("non-empty array"));
    }
}
