package io.retailpulse.inference;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.retailpulse.inference.testing.WebhookStub;
import io.retailpulse.stack.testing.DatabaseEdgeTestResource;
import io.retailpulse.stack.testing.DatabaseOutageScenario;
import io.retailpulse.stack.testing.DatabaseOutageScenario.Call;
import io.retailpulse.stack.testing.KafkaTestResource;
import org.junit.jupiter.api.Test;

/**
 * MariaDB frozen (as under SIGSTOP) and then cut (as under kill -9) behind the edge proxy: inference's model
 * registry read answers 503 + Retry-After + a plain problem within seconds instead of hanging, readiness answers
 * DOWN within 3 s, liveness stays UP, and both recover by themselves once the database is back.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(WebhookStub.class)
@QuarkusTestResource(value = DatabaseEdgeTestResource.class, restrictToAnnotatedClass = true)
class DatabaseOutageIT {

    @Test
    void theModelRegistryAnswers503WithRetryAfterWhileTheDatabaseIsFrozenOrGoneAndRecoversByItself() {
        new DatabaseOutageScenario(RestAssured.port, "test-key")
                .run("inference", () -> Call.get("/api/v1/models"), 200);
    }
}
