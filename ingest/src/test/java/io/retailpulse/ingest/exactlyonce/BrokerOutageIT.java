package io.retailpulse.ingest.exactlyonce;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.retailpulse.common.events.Topics;
import io.retailpulse.ingest.testing.Csv;
import io.retailpulse.ingest.testing.RestartableBroker;
import io.retailpulse.ingest.testing.TopicReader;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Without a spool: the broker stops in the middle of an upload and comes back: the upload is answered 503 with
 * Retry-After, and after the client sends it again every row is on the topic exactly once; rows acknowledged
 * before are intact.
 */
@QuarkusTest
@TestProfile(BrokerOutageIT.ShortTimeouts.class)
@QuarkusTestResource(value = RestartableBroker.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = true)
class BrokerOutageIT {
    private static final Logger LOG = Logger.getLogger(BrokerOutageIT.class);

    public static class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "pulse.ingest.ack-timeout",
                    "4s",
                    "pulse.ingest.publish-retries",
                    "1",
                    "pulse.ingest.retry-backoff",
                    "100ms",
                    "pulse.ingest.publish-window",
                    "2000",
                    "pulse.ingest.producer-id",
                    "ingest-outage-test",
                    "pulse.ingest.spool.max-bytes",
                    "0");
        }
    }

    private static Response post(String csv) {
        return given().auth()
                .oauth2("test-key")
                .contentType("text/csv")
                .body(csv)
                .when()
                .post("/api/v1/transactions");
    }

    @Test
    void losesNothingAcknowledgedAndSendsNothingTwiceWhenTheBrokerStopsMidUpload() throws Exception {
        String before = Csv.transactions("outA", 20_000, Integer.MAX_VALUE);
        assertEquals(200, post(before).statusCode());

        String during = Csv.transactions("outB", 200_000, Integer.MAX_VALUE);
        // The broker goes away once the topic's committed end has moved (a first window of the upload is through),
        // not after a guessed sleep: on a loaded machine 700 ms passed before any window was through.
        CompletableFuture<Response> upload;
        try (TopicReader.Watch watch = TopicReader.watch(RestartableBroker.bootstrap(), Topics.TRANSACTIONS)) {
            upload = CompletableFuture.supplyAsync(() -> post(during));
            assertTrue(watch.awaitCommitted(Duration.ofSeconds(60)), "a first window of the upload was committed");
            RestartableBroker.stopBroker();
        }
        Response failed = upload.get();
        LOG.infof("upload during the outage: %d %s", failed.statusCode(), failed.asString());
        assertEquals(503, failed.statusCode(), failed.asString());
        assertEquals("30", failed.getHeader("Retry-After"));

        RestartableBroker.startBroker();
        // Like a client honouring Retry-After: ingest answers 503 at once until it has seen the broker back.
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> given().when().get("/q/health/ready").statusCode() == 200);
        Response retried = post(during);
        assertEquals(200, retried.statusCode(), retried.asString());
        assertEquals(200_000, retried.jsonPath().getLong("accepted"));
        long duplicates = retried.jsonPath().getLong("duplicates");
        LOG.infof("re-post after the outage: %d of 200,000 rows had been handed on before the stop", duplicates);
        assertTrue(duplicates < 200_000, "the outage hit the upload before its end");

        assertEquals(20_000, exactlyOnce("outA-", 20_000), "acknowledged before the outage, still there");
        assertEquals(200_000, exactlyOnce("outB-", 200_000));
    }

    /** Distinct ids on the topic, failing on any duplicate. */
    private static int exactlyOnce(String prefix, int expected) {
        List<ConsumerRecord<String, String>> records = TopicReader.read(
                RestartableBroker.bootstrap(),
                Topics.TRANSACTIONS,
                v -> v.contains("\"" + prefix),
                expected,
                Duration.ofSeconds(90));
        Map<String, Integer> perId = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            perId.merge(r.value().replaceAll(".*\"transactionId\":\"([^\"]+)\".*", "$1"), 1, Integer::sum);
        }
        assertEquals(records.size(), perId.size(), "no transaction id twice");
        return perId.size();
    }
}
