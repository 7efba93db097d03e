package io.retailpulse.ingest.connectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.retailpulse.common.events.DeadLetterHeaders;
import io.retailpulse.common.events.Topics;
import io.retailpulse.ingest.testing.TopicReader;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The X connector against a local stub of the filtered-stream API, through the real broker and MariaDB: rules
 * synced, then a stream that breaks mid-line, a 429 with x-rate-limit-reset, a stream that repeats posts and
 * then stalls, a 503 that echoes the bearer token, and a healthy stream. Every post ends on feedback.raw exactly
 * once, the broken line on feedback.raw.dlq, and the token is in no log line and no status answer.
 */
@QuarkusTest
@TestProfile(StubProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class XConnectorIT extends StubbedConnectorIT {
    private static String post(String id, String marker) {
        return "{\"data\":{\"id\":\"" + id + "\",\"text\":\"the coffee was cold " + marker + "\",\"created_at\":\""
                + Instant.now().minusSeconds(60) + "\",\"author_id\":\"42\",\"lang\":\"en\",\"entities\":{\"hashtags\":"
                + "[{\"tag\":\"coffee\"}]}},\"matching_rules\":[{\"id\":\"101\",\"tag\":\"pulse\"}]}\r\n";
    }

    @Test
    void deliversEveryPostOnceThroughDisconnectsRateLimitsAndStallsWithRulesSyncedAndTheTokenNeverLogged() {
        String marker = "m" + UUID.randomUUID();
        long base = freshIdBase();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ids.add(Long.toString(base + i));
        }
        stub.rules.put("1", "old stale rule");
        stub.rules.put("2", "keep me");
        String p3 = post(ids.get(2), marker);
        List<Instant> resets = new CopyOnWriteArrayList<>();
        String first = post(ids.get(0), marker);
        // 1: two posts (the first split across chunks), a keep-alive, a broken line, an operational message, half a
        // post, then the connection drops
        stub.x.add(StreamStub.chunks(
                List.of(
                        first.substring(0, 30),
                        first.substring(30),
                        "\r\n",
                        post(ids.get(1), marker),
                        "{not json " + marker + "\r\n",
                        "{\"errors\":[{\"title\":\"operational-disconnect\",\"disconnect_type\":\"UpstreamOperationalDisconnect\","
                                + "\"detail\":\"This stream has been disconnected upstream for operational reasons.\"}]}\r\n",
                        p3.substring(0, 40)),
                "close"));
        // 2: rate limited until the next reset, 2 s ahead
        stub.x.add(StreamStub.rateLimited(2, resets));
        // 3: the platform repeats two posts, sends a new one, then goes silent
        stub.x.add(StreamStub.chunks(List.of(post(ids.get(1), marker), p3, post(ids.get(3), marker)), "stall"));
        // 4: an HTTP error whose body echoes the credentials it was sent
        stub.x.add((req, s) -> req.response()
                .setStatusCode(503)
                .end("{\"title\":\"Service Unavailable\",\"detail\":\"refused " + req.getHeader("Authorization")
                        + "\"}"));
        // 5: healthy
        stub.x.add(StreamStub.chunks(List.of(post(ids.get(4), marker)), "keep-alive"));

        start("x");
        try {
            List<ConsumerRecord<String, String>> raw = posts(marker, 5);
            Map<String, Integer> perId = perExternalId(raw, "x");
            assertEquals(Set.copyOf(ids), perId.keySet(), "every post is on feedback.raw");
            assertEquals(5, raw.size(), "and each only once: " + perId);

            List<ConsumerRecord<String, String>> dead = TopicReader.read(
                    KafkaTestResource.bootstrapServers(),
                    Topics.dlq(Topics.FEEDBACK_RAW),
                    v -> v.contains("{not json " + marker),
                    1,
                    Duration.ofSeconds(30));
            assertEquals(1, dead.size(), "the broken line is dead-lettered once");
            String reason = new String(
                    dead.get(0).headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8);
            assertTrue(reason.contains("not JSON"), reason);

            // rules: the stale one deleted, the missing one added with the pulse tag, the kept one left alone
            assertEquals(Set.of("keep me", "coffee lang:en"), Set.copyOf(stub.rules.values()));
            assertTrue(stub.rules.containsKey("2"), "an existing wanted rule is not re-created");
            assertTrue(stub.ruleCalls.stream().anyMatch(c -> c.contains("\"delete\"") && c.contains("\"1\"")));
            assertTrue(stub.ruleCalls.stream().anyMatch(c -> c.contains("coffee lang:en") && c.contains("\"pulse\"")));

            await().atMost(Duration.ofSeconds(10)).until(() -> stub.connections.size() >= 5);
            List<StreamStub.Connection> c = stub.connections;
            assertTrue(c.stream().allMatch(k -> ("Bearer " + StubProfile.X_TOKEN).equals(k.authorization())));
            assertTrue(c.get(0).path().contains("tweet.fields="), c.get(0).path());
            assertFalse(
                    c.get(2).at().isBefore(resets.get(0)),
                    "the reconnect after the 429 waited for the reset: "
                            + c.get(2).at() + " vs " + resets.get(0));
            long stalled = Duration.between(c.get(2).at(), c.get(3).at()).toMillis();
            assertTrue(stalled >= 1500, "the silent stream was given up after the stall timeout: " + stalled + " ms");

            Response status = given().auth().oauth2("test-key").when().get("/api/v1/connectors/x");
            status.then().statusCode(200);
            assertEquals("running", status.jsonPath().getString("state"));
            assertEquals(5, status.jsonPath().getLong("posts"));
            // p2 came twice (p3 only half the first time)
            assertTrue(status.jsonPath().getLong("duplicates") >= 1, status.asString());
            assertTrue(status.jsonPath().getLong("malformed") >= 1, status.asString());
            assertTrue(status.jsonPath().getLong("reconnects") >= 4, status.asString());
            assertTrue(status.jsonPath().getString("lastOperationalMessage").contains("operational-disconnect"));
            assertTrue(status.jsonPath().getString("lastError").contains("503"), status.asString());
            assertEquals(List.of("keep me", "coffee lang:en"), status.jsonPath().getList("details.rules"));
            assertFalse(status.asString().contains(StubProfile.X_TOKEN), "the status shows no token");
            String all = given().auth()
                    .oauth2("test-key")
                    .when()
                    .get("/api/v1/connectors")
                    .asString();
            assertFalse(all.contains(StubProfile.X_TOKEN));
            assertTrue(all.contains("\"mastodon\""), all);

            assertTrue(logs.contains("503"), "the HTTP error was logged");
            assertTrue(logs.contains("operational-disconnect"), "the operational message was logged");
            List<String> leaks = logs.lines.stream()
                    .filter(l -> l.contains(StubProfile.X_TOKEN))
                    .toList();
            assertEquals(List.of(), leaks, "the bearer token is never logged");
        } finally {
            given().auth()
                    .oauth2("test-key")
                    .when()
                    .post("/api/v1/connectors/x/stop")
                    .then()
                    .statusCode(200);
        }
        given().auth()
                .oauth2("test-key")
                .when()
                .get("/api/v1/connectors/x")
                .then()
                .statusCode(200);
    }

    @Test
    void answersProblemsForUnknownConnectorsAndNeedsTheApiKey() {
        given().auth()
                .oauth2("test-key")
                .when()
                .post("/api/v1/connectors/nope/start")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().when().get("/api/v1/connectors").then().statusCode(401);
    }
}
