package io.retailpulse.ingest.exactlyonce;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.retailpulse.common.events.Topics;
import io.retailpulse.ingest.testing.Csv;
import io.retailpulse.ingest.testing.RestartableBroker;
import io.retailpulse.ingest.testing.TopicReader;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Without a spool and with the production timeouts, the broker stays down: the first upload is a 503 with
 * Retry-After within seconds, later uploads and feedback posts are 503s at once (the broker is known to be
 * away), readiness says so within 2 s (liveness stays UP), and once the broker is back readiness recovers by
 * itself, with no traffic, and the client's resend puts every row on the topic exactly once.
 */
@QuarkusTest
@TestProfile(LongBrokerOutageWithoutSpoolIT.NoSpool.class)
@QuarkusTestResource(value = RestartableBroker.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = true)
class LongBrokerOutageWithoutSpoolIT {
    private static final Logger LOG = Logger.getLogger(LongBrokerOutageWithoutSpoolIT.class);
    private static final RestAssuredConfig CLIENT = RestAssured.config()
            .httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.socket.timeout", 40_000)
                    .setParam("http.connection.timeout", 5_000));

    public static class NoSpool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "pulse.ingest.producer-id", "ingest-long-outage-nospool-test", "pulse.ingest.spool.max-bytes", "0");
        }
    }

    private static RequestSpecification api() {
        return given().config(CLIENT).auth().oauth2("test-key");
    }

    private static Response upload(String csv) {
        return api().contentType("text/csv").body(csv).when().post("/api/v1/transactions");
    }

    private static Response feedback(String externalId) {
        return api().contentType("application/json")
                .body("{\"source\":\"review\",\"externalId\":\"" + externalId + "\",\"text\":\"no bags left "
                        + externalId + "\",\"ts\":\"2024-05-01T12:00:00Z\"}")
                .when()
                .post("/api/v1/feedback");
    }

    private static long unavailableWithin(String what, long maxMillis, Supplier<Response> call) {
        long t0 = System.nanoTime();
        Response r = call.get();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LOG.infof("%s during the outage: %d in %d ms: %s", what, r.statusCode(), ms, r.asString());
        assertEquals(503, r.statusCode(), what + ": " + r.asString());
        assertEquals("30", r.getHeader("Retry-After"));
        assertTrue(r.getContentType().startsWith("application/problem+json"), r.getContentType());
        assertTrue(ms < maxMillis, what + " answered in " + ms + " ms");
        return ms;
    }

    @Test
    void answers503AtOnceWhileTheBrokerIsDownAndTakesTheResendOnceItIsBack() throws Exception {
        assertEquals(
                200, upload(Csv.transactions("nsA", 1_000, Integer.MAX_VALUE)).statusCode());
        String first = Csv.transactions("nsB", 5_000, Integer.MAX_VALUE);
        String second = Csv.transactions("nsC", 2_000, Integer.MAX_VALUE);

        RestartableBroker.stopBroker();
        try {
            unavailableWithin("first upload", 15_000, () -> upload(first));
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos()) {
                unavailableWithin("later upload", 5_000, () -> upload(second));
                unavailableWithin("feedback", 5_000, () -> feedback("ns-during"));
                long p0 = System.nanoTime();
                Response ready = given().config(CLIENT).when().get("/q/health/ready");
                Response live = given().config(CLIENT).when().get("/q/health/live");
                long probeMs = (System.nanoTime() - p0) / 1_000_000;
                LOG.infof(
                        "probes: ready %d, live %d in %d ms: %s",
                        ready.statusCode(), live.statusCode(), probeMs, ready.asString());
                assertTrue(probeMs < 2 * 2_000, "both probes answered in " + probeMs + " ms");
                assertEquals(503, ready.statusCode(), "no spool and no broker: nothing but 503s to offer");
                assertEquals(200, live.statusCode(), "a broker outage is no reason to restart ingest");
                Thread.sleep(2_000);
            }

            RestartableBroker.startBroker();
            // Noticed without any upload (the probe), so an instance taken out of traffic comes back.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() ->
                            given().config(CLIENT).when().get("/q/health/ready").statusCode() == 200);

            Response again = upload(first);
            assertEquals(200, again.statusCode(), again.asString());
            assertEquals(5_000, again.jsonPath().getLong("accepted"));
            Response againSecond = upload(second);
            assertEquals(200, againSecond.statusCode(), againSecond.asString());
            assertEquals(200, feedback("ns-during").statusCode());
            assertExactlyOnce("\"nsB-", 5_000);
            assertExactlyOnce("\"nsC-", 2_000);
            assertEquals(
                    1,
                    TopicReader.read(
                                    RestartableBroker.bootstrap(),
                                    Topics.FEEDBACK_RAW,
                                    v -> v.contains("\"ns-during\""),
                                    1,
                                    Duration.ofSeconds(30))
                            .size());
        } finally {
            RestartableBroker.ensureStarted();
        }
    }

    private static void assertExactlyOnce(String marker, int expected) {
        List<ConsumerRecord<String, String>> records = TopicReader.read(
                RestartableBroker.bootstrap(),
                Topics.TRANSACTIONS,
                v -> v.contains(marker),
                expected,
                Duration.ofSeconds(60));
        Map<String, Integer> perId = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            perId.merge(r.value().replaceAll(".*\"transactionId\":\"([^\"]+)\".*", "$1"), 1, Integer::sum);
        }
        assertEquals(expected, perId.size(), "every row of " + marker + " is on the topic");
        assertEquals(expected, records.size(), "and only once");
    }
}
