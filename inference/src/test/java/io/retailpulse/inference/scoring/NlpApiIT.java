package io.retailpulse.inference.scoring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retailpulse.inference.testing.NlpProfile;
import io.retailpulse.inference.testing.WebhookStub;
import io.retailpulse.nlp.PulseTextModel;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The sentiment, entity and model endpoints with the real pulse-text model, MariaDB and Kafka. */
@QuarkusTest
@TestProfile(NlpProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
@QuarkusTestResource(WebhookStub.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NlpApiIT {
    private static final String POSITIVE = "I love this, fantastic service!";
    private static final String NEGATIVE = "Terrible, broken on arrival, worst purchase ever";

    @Inject
    ModelRegistration registration;

    @Inject
    ActiveModel active;

    private static io.restassured.specification.RequestSpecification api() {
        return given().auth().oauth2("test-key").contentType(ContentType.JSON);
    }

    @Test
    @Order(1)
    void clearlyPolarTextsGetTheirLabelWithThreeProbabilitiesAndTheModelVersion() {
        JsonPath body = api().body(Map.of("text", POSITIVE))
                .post("/api/v1/sentiment")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("positive", body.getString("label"));
        double sum = body.getDouble("scores.negative")
                + body.getDouble("scores.neutral")
                + body.getDouble("scores.positive");
        assertEquals(1.0, sum, 1e-3);
        assertEquals(body.getDouble("scores.positive"), body.getDouble("score"), 1e-9);
        assertTrue(!body.getString("model").isBlank()
                && !body.getString("modelVersion").isBlank());

        JsonPath batch = api().body(Map.of("texts", List.of(NEGATIVE, POSITIVE, NEGATIVE)))
                .post("/api/v1/sentiment/batch")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of("negative", "positive", "negative"), batch.getList("results.label"), "same order");
    }

    @Test
    @Order(2)
    void emptyOverlongAndOversizedInputsAreRefusedWithTheReason() {
        api().body(Map.of("text", "  "))
                .post("/api/v1/sentiment")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("text is empty"));
        api().body(Map.of("text", "x".repeat(10_001)))
                .post("/api/v1/entities")
                .then()
                .statusCode(400)
                .body("detail", equalTo("text has 10001 characters, at most 10000"));
        api().body("{}").post("/api/v1/sentiment").then().statusCode(400).body("detail", equalTo("text is missing"));
        api().body(Map.of("texts", Collections.nCopies(65, "fine")))
                .post("/api/v1/sentiment/batch")
                .then()
                .statusCode(400)
                .body("detail", equalTo("at most 64 texts per request, got 65"));
        api().body(Map.of("texts", List.of("fine", "")))
                .post("/api/v1/entities/batch")
                .then()
                .statusCode(400)
                .body("detail", equalTo("texts[1] is empty"));
        api().body(Map.of("texts", List.of()))
                .post("/api/v1/sentiment/batch")
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body(Map.of("text", POSITIVE))
                .post("/api/v1/sentiment")
                .then()
                .statusCode(401);
    }

    @Test
    @Order(3)
    void entitiesComeWithTypesAndCharacterOffsetsIntoTheText() {
        String text = "Yesterday John Smith flew from London to Paris with British Airways.";
        JsonPath body = api().body(Map.of("texts", List.of(text, "ok")))
                .post("/api/v1/entities/batch")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Map<String, Object>> entities = body.getList("results[0].entities");
        assertTrue(!entities.isEmpty(), "entities in " + text);
        for (Map<String, Object> e : entities) {
            String span = text.substring((Integer) e.get("start"), (Integer) e.get("end"));
            assertEquals(e.get("text"), span);
            assertTrue(List.of("PERSON", "LOCATION", "ORGANIZATION", "MISC").contains((String) e.get("type")));
        }
        assertTrue(
                entities.stream()
                        .anyMatch(e -> "PERSON".equals(e.get("type")) && ((String) e.get("text")).contains("John")),
                entities.toString());
        assertEquals(2, body.getList("results").size());
    }

    @Test
    @Order(4)
    void theLoadedModelIsRegisteredActiveWithItsCardMetrics() {
        JsonPath body =
                api().get("/api/v1/models").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> active = body.<Map<String, Object>>getList("items").stream()
                .filter(v -> "ACTIVE".equals(v.get("status")))
                .toList();
        assertEquals(1, active.size(), body.prettify());
        String version = api().body(Map.of("text", POSITIVE))
                .post("/api/v1/sentiment")
                .then()
                .extract()
                .path("modelVersion");
        assertEquals(version, active.get(0).get("version"));
        assertTrue(active.get(0).get("trainedAt") != null && active.get(0).get("trainingData") != null);
    }

    @Test
    @Order(5)
    void labelsAreValidatedAndStored() {
        api().body(Map.of("text", "meh", "label", "angry"))
                .post("/api/v1/sentiment/labels")
                .then()
                .statusCode(400)
                .body("detail", containsString("label must be one of"));
        api().body(Map.of(
                        "items",
                        List.of(Map.of("text", "fine", "label", "neutral"), Map.of("text", "", "label", "neutral"))))
                .post("/api/v1/sentiment/labels")
                .then()
                .statusCode(400)
                .body("detail", equalTo("items[1].text is empty"));
        api().body(Map.of("text", "Great", "label", "POSITIVE", "labelledBy", "agent-7"))
                .post("/api/v1/sentiment/labels")
                .then()
                .statusCode(201)
                .body("accepted", equalTo(1));
    }

    @Test
    @Order(6)
    void retrainingRegistersAnEvaluatedVersionAndSwapsItInOnlyWhenNotWorse() {
        // too few labels yet: nothing to hold out
        api().post("/api/v1/models/retrain").then().statusCode(200).body("status", equalTo("SKIPPED"));
        String[] pos = {
            "Great value and friendly staff",
            "Love the new bakery section",
            "Fast delivery, thanks a lot",
            "The cashier was super helpful",
            "Fresh fruit and a quick checkout"
        };
        String[] neg = {
            "The milk was sour again",
            "Rude staff and a long queue",
            "My parcel never arrived",
            "Overcharged at the till, not happy",
            "Broken eggs in the box, awful"
        };
        String[] neu = {
            "The store opens at 8 on Sundays",
            "I bought bread and butter",
            "Is there parking nearby",
            "They moved the cereal to aisle 4",
            "Paid by card this morning"
        };
        List<Map<String, String>> items = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 5; i++) {
                String suffix = round == 0 ? "" : " (" + round + ")";
                items.add(Map.of("text", pos[i] + suffix, "label", "positive"));
                items.add(Map.of("text", neg[i] + suffix, "label", "negative"));
                items.add(Map.of("text", neu[i] + suffix, "label", "neutral"));
            }
        }
        api().body(Map.of("items", items))
                .post("/api/v1/sentiment/labels")
                .then()
                .statusCode(201)
                .body("accepted", equalTo(60));
        String before = api().body(Map.of("text", POSITIVE))
                .post("/api/v1/sentiment")
                .then()
                .extract()
                .path("modelVersion");

        JsonPath outcome = api().post("/api/v1/models/retrain")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String status = outcome.getString("status");
        String version = outcome.getString("version");
        assertTrue(List.of("ACTIVE", "REJECTED").contains(status), outcome.prettify());
        assertEquals(before + "-r1", version);
        assertTrue(outcome.getInt("metrics.'holdout.size'") >= 10, outcome.prettify());
        double candidate = outcome.getDouble("metrics.'holdout.macroRecall'");
        double previous = outcome.getDouble("metrics.'previous.macroRecall'");
        assertEquals(
                candidate >= previous, "ACTIVE".equals(status), "kept exactly when not worse: " + outcome.prettify());

        JsonPath models =
                api().get("/api/v1/models").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> versions = models.getList("items");
        Map<String, Object> row = versions.stream()
                .filter(v -> version.equals(v.get("version")))
                .findFirst()
                .orElseThrow();
        assertEquals(status, row.get("status"));
        assertEquals(
                1,
                versions.stream().filter(v -> "ACTIVE".equals(v.get("status"))).count());
        String now = api().body(Map.of("text", POSITIVE))
                .post("/api/v1/sentiment")
                .then()
                .extract()
                .path("modelVersion");
        assertEquals("ACTIVE".equals(status) ? version : before, now, "swapped in without a restart only if kept");
    }

    @Test
    @Order(7)
    void driftPrometheusMetricsAndReadinessAreServed() {
        JsonPath drift = api().get("/api/v1/models/drift")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("card", drift.getString("referenceSource"), "the served card carries the training reference");
        assertEquals(0.25, drift.getDouble("threshold"), 1e-9);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("sentiment_predictions_total{label=\"positive\"}"), "predictions counter");
        assertTrue(metrics.contains("sentiment_prediction_duration_seconds_bucket"), "duration histogram");
        assertTrue(metrics.contains("sentiment_prediction_confidence_count"), "confidence summary");
        String ready =
                given().get("/q/health/ready").then().statusCode(200).extract().asString();
        assertTrue(ready.contains("pulse-text model") && ready.contains(drift.getString("version")), ready);
    }

    @Test
    @Order(8)
    void aRetrainedActiveHeadIsRestoredFromTheRegistryAsAfterARestart() {
        PulseTextModel retrained = active.get();
        Assumptions.assumeTrue(retrained.version().endsWith("-r1"), "the retrain was rejected: nothing to restore");
        JsonPath before = api().body(Map.of("text", NEGATIVE))
                .post("/api/v1/sentiment")
                .then()
                .extract()
                .jsonPath();
        registration.register().await().atMost(Duration.ofSeconds(60));
        assertTrue(active.get() != retrained, "a new session from the stored head");
        JsonPath after = api().body(Map.of("text", NEGATIVE))
                .post("/api/v1/sentiment")
                .then()
                .extract()
                .jsonPath();
        assertEquals(retrained.version(), after.getString("modelVersion"));
        assertEquals(before.getMap("scores"), after.getMap("scores"), "the stored head is the same head");
    }
}
