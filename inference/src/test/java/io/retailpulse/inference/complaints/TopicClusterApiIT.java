package io.retailpulse.inference.complaints;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retailpulse.inference.testing.PlantedFeedback;
import io.retailpulse.inference.testing.WebhookStub;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/topics/cluster}: the engine on an analyst's texts, and its input checks. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
@QuarkusTestResource(WebhookStub.class)
class TopicClusterApiIT {

    @Test
    void separatesThreePlantedThemesAndAssignsEveryDocument() {
        List<Map<String, String>> docs = new ArrayList<>();
        Map<String, String> themeOf = new HashMap<>();
        for (PlantedFeedback.Theme theme :
                List.of(PlantedFeedback.DELIVERY, PlantedFeedback.REFUND, PlantedFeedback.COFFEE)) {
            List<String> texts = PlantedFeedback.messages(theme, 15, 7);
            for (int i = 0; i < texts.size(); i++) {
                String id = theme.name() + "-" + i;
                docs.add(Map.of("id", id, "text", texts.get(i)));
                themeOf.put(id, theme.name());
            }
        }
        JsonPath body = given().auth()
                .oauth2("test-key")
                .contentType(ContentType.JSON)
                .body(Map.of("documents", docs, "minTopicSize", 5))
                .post("/api/v1/topics/cluster")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        List<Map<String, Object>> assignments = body.getList("assignments");
        assertEquals(docs.size(), assignments.size());
        Map<Integer, Set<String>> themesPerTopic = new HashMap<>();
        for (Map<String, Object> a : assignments) {
            int topic = (Integer) a.get("topic");
            themesPerTopic.computeIfAbsent(topic, t -> new HashSet<>()).add(themeOf.get((String) a.get("id")));
        }
        themesPerTopic.remove(-1);
        assertTrue(themesPerTopic.size() >= 3, "at least one topic per theme: " + themesPerTopic);
        themesPerTopic.values().forEach(themes -> assertEquals(1, themes.size(), "a topic mixes " + themes));
        List<Map<String, Object>> topics = body.getList("topics");
        int sized = topics.stream().mapToInt(t -> (Integer) t.get("size")).sum();
        long outliers =
                assignments.stream().filter(a -> (Integer) a.get("topic") == -1).count();
        assertEquals(docs.size(), sized + outliers, "sizes add up");
        assertTrue(
                topics.stream()
                        .allMatch(
                                t -> !((List<?>) t.get("keywords")).isEmpty() && !((String) t.get("label")).isBlank()),
                "every topic has keywords and a label");
    }

    @Test
    void rejectsEmptyDuplicateAndOversizedInputWithProblemJson() {
        given().auth()
                .oauth2("test-key")
                .contentType(ContentType.JSON)
                .body(Map.of("documents", List.of()))
                .post("/api/v1/topics/cluster")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("non-empty"));
        given().auth()
                .oauth2("test-key")
                .contentType(ContentType.JSON)
                .body(Map.of("documents", List.of(Map.of("id", "a", "text", "x"), Map.of("id", "a", "text", "y"))))
                .post("/api/v1/topics/cluster")
                .then()
                .statusCode(400)
                .body("detail", containsString("not unique"));
        given().auth()
                .oauth2("test-key")
                .contentType(ContentType.JSON)
                .body(Map.of("documents", List.of(Map.of("id", "a", "text", " "))))
                .post("/api/v1/topics/cluster")
                .then()
                .statusCode(400)
                .body("detail", containsString("empty"));
        given().auth()
                .oauth2("test-key")
                .contentType(ContentType.JSON)
                .body(Map.of("documents", List.of(Map.of("id", "a", "text", "x".repeat(5001)))))
                .post("/api/v1/topics/cluster")
                .then()
                .statusCode(400)
                .body("detail", containsString("at most"));
        given().auth()
                .oauth2("test-key")
                .contentType(ContentType.JSON)
                .body(Map.of("documents", List.of(Map.of("id", "a", "text", "x")), "minTopicSize", 1))
                .post("/api/v1/topics/cluster")
                .then()
                .statusCode(400)
                .body("detail", containsString("minTopicSize"));
    }

    @Test
    void needsTheApiKey() {
        given().contentType(ContentType.JSON)
                .body(Map.of("documents", List.of(Map.of("id", "a", "text", "x"))))
                .post("/api/v1/topics/cluster")
                .then()
                .statusCode(401);
    }

    @Test
    void unknownRunIsA404AndBadWindowA400() {
        given().auth()
                .oauth2("test-key")
                .get("/api/v1/topics/runs/999999")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2("test-key")
                .post("/api/v1/topics/runs?from=yesterday")
                .then()
                .statusCode(400);
    }
}
