package io.retailpulse.forecasting.runs;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.retailpulse.stack.testing.DatabaseEdgeTestResource;
import io.retailpulse.stack.testing.DatabaseOutageScenario;
import io.retailpulse.stack.testing.DatabaseOutageScenario.Call;
import io.retailpulse.stack.testing.KafkaTestResource;
import org.junit.jupiter.api.Test;

/**
 * MariaDB frozen (as under SIGSTOP) and then cut (as under kill -9) behind the edge proxy: a forecast-run read
 * answers 503 + Retry-After + a plain problem within seconds instead of hanging, readiness answers DOWN within
 * 3 s, liveness stays UP, and both recover by themselves once the database is back. With the database there,
 * an unknown run is a 404 problem: the answer the scenario waits for.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = DatabaseEdgeTestResource.class, restrictToAnnotatedClass = true)
class DatabaseOutageIT {

    @Test
    void aRunReadAnswers503WithRetryAfterWhileTheDatabaseIsFrozenOrGoneAndRecoversByItself() {
        new DatabaseOutageScenario(RestAssured.port, "test-key")
                .run("forecasting", () -> Call.get("/api/v1/forecast-runs/999999"), 404);
    }
}
