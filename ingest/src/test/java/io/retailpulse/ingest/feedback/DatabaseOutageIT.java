package io.retailpulse.ingest.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.retailpulse.stack.testing.DatabaseEdgeTestResource;
import io.retailpulse.stack.testing.DatabaseOutageScenario;
import io.retailpulse.stack.testing.DatabaseOutageScenario.Call;
import io.retailpulse.stack.testing.KafkaTestResource;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * MariaDB frozen (as under SIGSTOP) and then cut (as under kill -9) behind the edge proxy: POST /api/v1/feedback
 * answers 503 + Retry-After + a plain problem within seconds (it answered 500 naming the exception class, after
 * the 60 s ack-timeout), readiness answers DOWN within 3 s, liveness stays UP, and a new post succeeds again by
 * itself once the database is back.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = DatabaseEdgeTestResource.class, restrictToAnnotatedClass = true)
class DatabaseOutageIT {

    private static Call feedback() {
        return feedback("outage-" + UUID.randomUUID());
    }

    private static Call feedback(String ext) {
        return Call.postJson(
                "/api/v1/feedback",
                "{\"source\":\"review\",\"externalId\":\"" + ext + "\","
                        + "\"text\":\"the till was closed\",\"ts\":\"2024-05-01T12:00:00Z\"}");
    }

    @Test
    void feedbackAnswers503WithRetryAfterWhileTheDatabaseIsFrozenOrGoneAndRecoversByItself() {
        new DatabaseOutageScenario(RestAssured.port, "test-key").run("ingest", DatabaseOutageIT::feedback, 200);
    }

    @Test
    void feedbackRefusedWhileTheDatabaseWasFrozenIsTakenWhenSentAgainAfterItThaws() throws Exception {
        DatabaseOutageScenario api = new DatabaseOutageScenario(RestAssured.port, "test-key");
        assertEquals(200, api.send(feedback()).statusCode(), "warm-up: the ledger recovery has run");
        Call same = feedback("outage-retry-" + UUID.randomUUID());
        DatabaseEdgeTestResource.freeze();
        HttpResponse<String> refused;
        try {
            refused = api.send(same);
        } finally {
            DatabaseEdgeTestResource.restore();
        }
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("The database is unavailable"), "says what is missing: " + refused.body());
        // The claim sent before the 503 commits once MySQL thaws; unless it is released, the retry finds its own
        // items held by an abandoned window and is told they are "in doubt" until the next restart.
        HttpResponse<String> retried = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            retried = api.send(same);
            if (retried.statusCode() == 200) {
                break;
            }
            Thread.sleep(500);
        }
        assertEquals(200, retried.statusCode(), "the client's retry after the database thawed: " + retried.body());
        assertTrue(retried.body().contains("\"accepted\":1"), retried.body());
        assertTrue(retried.body().contains("\"duplicates\":0"), "nothing of it had been handed on: " + retried.body());
    }

    @Test
    void catalogReadsAreBoundedToo() {
        new DatabaseOutageScenario(RestAssured.port, "test-key")
                .run("ingest catalog", () -> Call.get("/api/v1/catalog/stores"), 200);
    }
}
