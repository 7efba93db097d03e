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
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * With the spool: the broker stops in the middle of an upload; the upload is still accepted (the rest of it is
 * spooled durably), and once the broker is back the drainer hands every row on, exactly once, without a resend.
 */
@QuarkusTest
@TestProfile(BrokerOutageSpoolIT.Spooling.class)
@QuarkusTestResource(value = RestartableBroker.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = true)
class BrokerOutageSpoolIT {
    private static final Logger LOG = Logger.getLogger(BrokerOutageSpoolIT.class);

    public static class Spooling implements QuarkusTestProfile {
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
                    "ingest-spool-test",
                    "pulse.ingest.spool.drain-interval",
                    "1s");
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
    void acceptsIntoTheSpoolWhileTheBrokerIsDownAndHandsEveryRowOnOnceItIsBack() throws Exception {
        // Registers the stores and products (catalog publication needs the broker) and opens the producers.
        assertEquals(
                200, post(Csv.transactions("spoolA", 1000, Integer.MAX_VALUE)).statusCode());
        String during = Csv.transactions("spoolB", 200_000, Integer.MAX_VALUE);
        // The broker goes away once the topic's committed end has moved (a first window of the upload is through),
        // not after a guessed sleep: on a loaded machine 700 ms passed before any window was through.
        CompletableFuture<Response> upload;
        try (TopicReader.Watch watch = TopicReader.watch(RestartableBroker.bootstrap(), Topics.TRANSACTIONS)) {
            upload = CompletableFuture.supplyAsync(() -> post(during));
            assertTrue(watch.awaitCommitted(Duration.ofSeconds(60)), "a first window of the upload was committed");
            RestartableBroker.stopBroker();
        }
        Response accepted = upload.get();
        LOG.infof("upload during the outage: %d %s", accepted.statusCode(), accepted.asString());
        assertEquals(200, accepted.statusCode(), accepted.asString());
        assertEquals(200_000, accepted.jsonPath().getLong("accepted"));
        long spooled = accepted.jsonPath().getLong("spooled");
        assertTrue(spooled > 0 && spooled < 200_000, "part of the upload was spooled: " + spooled);

        // A resend while the rows wait in the spool counts them as duplicates instead of sending them again.
        RestartableBroker.startBroker();
        List<ConsumerRecord<String, String>> records = TopicReader.read(
                RestartableBroker.bootstrap(),
                Topics.TRANSACTIONS,
                v -> v.contains("\"spoolB-"),
                200_000,
                Duration.ofSeconds(120));
        Map<String, Integer> perId = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            perId.merge(r.value().replaceAll(".*\"transactionId\":\"([^\"]+)\".*", "$1"), 1, Integer::sum);
        }
        assertEquals(200_000, perId.size(), "every accepted row is on the topic");
        assertEquals(200_000, records.size(), "and only once");
        Response again = post(during);
        assertEquals(200, again.statusCode(), again.asString());
        assertEquals(200_000, again.jsonPath().getLong("duplicates"));
    }
}
