package io.retailpulse.ingest.feedback;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.common.events.Topics;
import io.retailpulse.ingest.testing.TopicReader;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
