package io.retailpulse.ingest.demo;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retailpulse.common.events.Topics;
import io.retailpulse.ingest.testing.TopicReader;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The generators through the real broker and MariaDB. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class GeneratorIT {
    private static JsonPath runToEnd(String body) {
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body(body)
                .when()
                .post("/api/v1/generator/start")
                .then()
                .statusCode(202)
                .body("state", equalTo("running"));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !"running"
                        .equals(given().auth()
                                .oauth2("test-key")
                                .get("/api/v1/generator")
                                .jsonPath()
                                .getString("state")));
        return given().auth().oauth2("test-key").get("/api/v1/generator").jsonPath();
    }

    @Test
    void backfillsDeterministicHistoryExactlyOnceAndARerunAddsNothing() {
        String start = LocalDate.now().minusDays(400).toString();
        String body = "{\"mode\":\"backfill\",\"stores\":2,\"products\":3,\"days\":60,\"start\":\"" + start
                + "\",\"seed\":9001}";
        JsonPath first = runToEnd(body);
        assertEquals("done", first.getString("state"));
        long generated = first.getLong("generated");
        assertTrue(generated > 500, "60 days x 6 pairs: " + generated);
        assertEquals(generated, first.getLong("accepted"));
        assertTrue(first.getLong("units") >= generated, "1-3 units per sale");
        assertEquals(0, first.getLong("duplicates"));

        JsonPath again = runToEnd(body);
        assertEquals(generated, again.getLong("generated"), "same seed, same transactions");
        assertEquals(generated, again.getLong("duplicates"), "nothing is sent twice");

        List<ConsumerRecord<String, String>> onTopic =
                TopicReader.read(Topics.TRANSACTIONS, "\"G9001-", (int) generated);
        assertEquals(generated, onTopic.size());
        given().auth()
                .oauth2("test-key")
                .get("/api/v1/catalog/stores")
                .then()
                .statusCode(200)
                .body("items.find { it.id == 'S001' }.source", equalTo("generator"));
    }

    @Test
    void aPlantedBackfillSendsThePlannedPostsOnceAndRefusesWhatCannotCarryIt() {
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"plant\":true,\"days\":30}")
                .when()
                .post("/api/v1/generator/start")
                .then()
                .statusCode(400)
                .body("detail", equalTo("plant needs a backfill of at least 73 days"));
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"plant\":true,\"mode\":\"realtime\"}")
                .when()
                .post("/api/v1/generator/start")
                .then()
                .statusCode(400)
                .body("detail", equalTo("plant works with mode backfill only"));

        String start = LocalDate.now().minusDays(500).toString();
        JsonPath started = given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"stores\":1,\"products\":3,\"days\":80,\"start\":\"" + start
                        + "\",\"seed\":5150,\"plant\":true}")
                .when()
                .post("/api/v1/generator/start")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
        // 57 quiet days x 5 posts + 3 burst days x 20
        assertEquals(345, started.getLong("plantedPosts"));
        assertEquals(true, started.getBoolean("request.plant"));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !"running"
                        .equals(given().auth()
                                .oauth2("test-key")
                                .get("/api/v1/generator")
                                .jsonPath()
                                .getString("state")));
        List<ConsumerRecord<String, String>> planted = TopicReader.read(Topics.FEEDBACK_RAW, "plant-5150-", 345);
        assertEquals(345, planted.size());
        assertTrue(
                planted.stream()
                        .allMatch(r -> r.value().contains("\"productId\":\"SKU-0003\"")
                                && r.value().contains("\"origin\":\"plant\"")),
                "every planted post is about SKU-0003");
    }

    @Test
    void streamsInRealTimeAtTheRateUntilStopped() throws InterruptedException {
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"mode\":\"realtime\",\"stores\":2,\"products\":3,\"rate\":50,\"seed\":77}")
                .when()
                .post("/api/v1/generator/start")
                .then()
                .statusCode(202);
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{}")
                .when()
                .post("/api/v1/generator/start")
                .then()
                .statusCode(409);
        Thread.sleep(2500);
        given().auth().oauth2("test-key").post("/api/v1/generator/stop").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "stopped"
                        .equals(given().auth()
                                .oauth2("test-key")
                                .get("/api/v1/generator")
                                .jsonPath()
                                .getString("state")));
        JsonPath status =
                given().auth().oauth2("test-key").get("/api/v1/generator").jsonPath();
        long generated = status.getLong("generated");
        assertTrue(generated >= 100 && generated <= 250, "about 50 per second: " + generated);
        assertEquals(generated, status.getLong("accepted"));
    }

    @Test
    void generatesBalancedPostsWithGroundTruthOnceAndFallsBackOfflineWhenTheLlmFails() {
        JsonPath offline = given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"count\":200,\"seed\":4242}")
                .when()
                .post("/api/v1/generator/posts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(200, offline.getLong("accepted"));
        assertEquals(Map.of("negative", 60, "neutral", 70, "positive", 70), offline.getMap("sentiments"));
        List<ConsumerRecord<String, String>> raw = TopicReader.read(Topics.FEEDBACK_RAW, "post-4242-", 200);
        assertEquals(200, raw.size());
        assertTrue(raw.stream().allMatch(r -> r.value().contains("\"sentiment\":")), "ground truth in metadata");

        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"count\":200,\"seed\":4242}")
                .when()
                .post("/api/v1/generator/posts")
                .then()
                .statusCode(200)
                .body("duplicates", equalTo(200));

        // The test profile points the LLM at a closed port: every batch falls back to the offline generator.
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body("{\"count\":30,\"seed\":99,\"mode\":\"llm\"}")
                .when()
                .post("/api/v1/generator/posts")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(30))
                .body("fromOffline", equalTo(30))
                .body("fromLlm", equalTo(0))
                .body("fallbacks", equalTo(2));
    }

    @Test
    void refusesOutOfRangeRequestsNamingTheFirstBadFieldAndStartsNothing() {
        Map<String, String> startAnswers = Map.of(
                "{\"stores\":0}", "stores must be between 1 and 500",
                "{\"products\":5001}", "products must be between 1 and 5000",
                "{\"rate\":0,\"days\":4000}", "days must be between 1 and 3650",
                "{\"rate\":20001,\"stores\":501,\"mode\":\"weekly\"}", "mode must be backfill or realtime",
                "{\"start\":\"2999-01-01\",\"days\":3}", "start + days must not reach beyond today");
        startAnswers.forEach((body, detail) -> given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body(body)
                .when()
                .post("/api/v1/generator/start")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Bad Request"))
                .body("detail", equalTo(detail)));
        given().auth()
                .oauth2("test-key")
                .get("/api/v1/generator")
                .then()
                .statusCode(200)
                .body("state", org.hamcrest.Matchers.not(equalTo("running")));

        Map<String, String> postAnswers = Map.of(
                "{\"count\":0}", "count must be between 1 and 10000",
                "{\"mode\":\"gpt\",\"count\":10001}", "count must be between 1 and 10000",
                "{\"mode\":\"gpt\"}", "mode must be offline or llm");
        postAnswers.forEach((body, detail) -> given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body(body)
                .when()
                .post("/api/v1/generator/posts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Bad Request"))
                .body("detail", equalTo(detail)));
    }
}
