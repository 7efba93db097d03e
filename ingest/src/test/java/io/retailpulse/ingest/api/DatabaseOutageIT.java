package io.retailpulse.ingest.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.retailpulse.stack.testing.DatabaseEdgeTestResource;
import io.retailpulse.stack.testing.DatabaseOutageScenario;
import io.retailpulse.stack.testing.DatabaseOutageScenario.Call;
import io.retailpulse.stack.testing.KafkaTestResource;
import org.junit.jupiter.api.Test;

import java.util.UUID;

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
        String ext = "outage-" + UUID.randomUUID();
        return Call.postJson("/api/v1/feedback", "{\"source\":\"review\",\"externalId\":\"" + ext + "\","
                + "\"text\":\"the till was closed\",\"ts\":\"2024-05-01T12:00:00Z\"}");
    }

    @Test
    void feedbackAnswers503WithRetryAfterWhileTheDatabaseIsFrozenOrGoneAndRecoversByItself() {
        new DatabaseOutageScenario(RestAssured.port, "test-key").run("ingest", DatabaseOutageIT::feedback, 200);
    }

    @Test
    void catalogReadsAreBoundedToo() {
        new DatabaseOutageScenario(RestAssured.port, "test-key")
                .run("ingest catalog", () -> Call.get("/api/v1/catalog/stores"), 200);
    }
}
