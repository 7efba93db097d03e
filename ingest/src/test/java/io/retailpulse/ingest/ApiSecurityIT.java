package io.retailpulse.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, item 8, with the production settings: failed authentication is limited per address and logged
 * (rate-limited, never the key); metrics and OpenAPI need the key; health stays open.
 */
@QuarkusTest
@TestProfile(ApiSecurityIT.ProductionSecurity.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class ApiSecurityIT {
    static final Path LOG = Path.of("target/api-security-it.log");

    public static class ProductionSecurity implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.deleteIfExists(LOG);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of(
                    "pulse.api.operability",
                    "key",
                    "pulse.api.auth-failures.burst",
                    "20",
                    "pulse.api.auth-failures.refill",
                    "1h",
                    "pulse.api.auth-failures.log-per-minute",
                    "10",
                    "quarkus.log.file.enabled",
                    "true",
                    "quarkus.log.file.path",
                    LOG.toString());
        }
    }

    @Test
    void twoThousandBadKeyRequestsAreCutOffAfterTheBurstWhileTheRightKeyStillPasses() throws IOException {
        long begin = System.nanoTime();
        int unauthorized = 0;
        int limited = 0;
        for (int i = 0; i < 2000; i++) {
            Response response = given().auth().oauth2("guess-" + i).get("/api/v1/generator");
            if (response.statusCode() == 401) {
                unauthorized++;
            } else {
                assertEquals(429, response.statusCode(), response.asString());
                assertEquals("application/problem+json", response.contentType());
                assertTrue(Long.parseLong(response.header("Retry-After")) > 0);
                limited++;
            }
            if (i % 100 == 0) {
                given().auth()
                        .oauth2("test-key")
                        .get("/api/v1/generator")
                        .then()
                        .statusCode(200);
            }
        }
        assertEquals(20, unauthorized, "the burst");
        assertEquals(1980, limited);
        given().header("X-API-Key", "test-key").get("/api/v1/generator").then().statusCode(200);

        List<String> warnings = Files.readAllLines(LOG).stream()
                .filter(l -> l.contains("Failed API authentication"))
                .toList();
        // 10 a minute: the first 10 at once, then one per 6 s of the run, each with the count of those left out.
        long allowed = 10 + (System.nanoTime() - begin) / 6_000_000_000L + 1;
        assertTrue(
                warnings.size() >= 10 && warnings.size() <= allowed,
                "rate-limited WARN lines: " + warnings.size() + ", allowed " + allowed);
        if (warnings.size() > 10) {
            assertTrue(
                    warnings.get(10).contains("further failures since the last such line were not logged"),
                    warnings.get(10));
        }
        assertTrue(
                warnings.get(0).contains("WARN")
                        && warnings.get(0).contains("127.0.0.1")
                        && warnings.get(0).contains("GET /api/v1/generator"),
                warnings.get(0));
        assertFalse(Files.readString(LOG).contains("guess-"), "the key presented is never logged");
    }

    @Test
    void metricsAndOpenApiNeedTheKeyInProductionWhileHealthStaysOpen() {
        // 401, or 429 once the other test has spent this address' budget: refused either way.
        for (String path : new String[] {"/q/metrics", "/q/openapi", "/q/swagger-ui/"}) {
            given().get(path)
                    .then()
                    .statusCode(anyOf(equalTo(401), equalTo(429)))
                    .contentType("application/problem+json");
        }
        given().header("X-API-Key", "test-key")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("# TYPE"));
        given().header("X-API-Key", "test-key").get("/q/openapi").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
