package io.retailpulse.analytics.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.retailpulse.stack.testing.DatabaseEdgeTestResource;
import io.retailpulse.stack.testing.DatabaseOutageScenario;
import io.retailpulse.stack.testing.DatabaseOutageScenario.Call;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MariaDB frozen (as under SIGSTOP) and then cut (as under kill -9) behind the edge proxy: a read of analytics-api
 * answers 503 + Retry-After + a plain problem within seconds instead of hanging or answering 500, readiness answers
 * DOWN within 3 s, liveness stays UP, and both recover by themselves once the database is back.
 */
@QuarkusTest
@QuarkusTestResource(value = DatabaseOutageIT.Edge.class, restrictToAnnotatedClass = true)
class DatabaseOutageIT {

    /** The owners' schemas on the new database, then the proxy in front of it. */
    public static class Edge extends DatabaseEdgeTestResource {
        @Override
        protected void prepare(Map<String, String> db) {
            OwnerSchemas.migrate(db, OwnerSchemas.FORECASTING);
            OwnerSchemas.migrate(db, OwnerSchemas.INFERENCE);
            OwnerSchemas.migrate(db, OwnerSchemas.INGEST);
        }
    }

    @Test
    void aReadAnswers503WithRetryAfterWhileTheDatabaseIsFrozenOrGoneAndRecoversByItself() {
        new DatabaseOutageScenario(RestAssured.port, "test-key")
                .run("analytics-api", () -> Call.get("/api/v1/sales/daily?limit=5"), 200);
    }

    @Test
    void aLatestRunReadIsBoundedToo() {
        // Runs (latest succeeded forecast run) is the other query path of analytics-api.
        new DatabaseOutageScenario(RestAssured.port, "test-key")
                .run("analytics-api forecasts", () -> Call.get("/api/v1/forecasts?limit=5"), 200);
    }
}
