package io.retailpulse.ingest.connectors;

import static io.restassured.RestAssured.given;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The Mastodon connector against a local SSE stub of two hashtag timelines, through the real broker and MariaDB:
 * an event split across chunks, a deletion, a broken event, a disconnect in the middle of an event, repeats on
 * reconnect and the same post on both hashtags. Every post ends on feedback.raw exactly once.
 */
@QuarkusTest
@TestProfile(StubProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class MastodonConnectorIT extends StubbedConnectorIT {
    private static String status(String id, String marker, String tag) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"" + Instant.now().minusSeconds(30) + "\",\"language\":\"en\","
                + "\"uri\":\"https://ex.social/users/a/statuses/" + id + "\",\"url\":\"https://ex.social/@a/" + id
                + "\","
                + "\"content\":\"<p>great <a href=\\\"https://ex.social/tags/" + tag + "\\\">#<span>" + tag
                + "</span></a> &amp; cake " + marker + "</p>\",\"account\":{\"acct\":\"a@ex.social\"},"
                + "\"tags\":[{\"name\":\"" + tag + "\"}],\"reblog\":null}";
    }

    private static String update(String json) {
        return "event: update\ndata: " + json + "\n\n";
    }

    @Test
    void deliversEveryStatusOnceAcrossReconnectsAndHashtags() {
        String marker = "m" + UUID.randomUUID();
        long base = freshIdBase();
        String s1 = Long.toString(base + 1);
        String s2 = Long.toString(base + 2);
        String s3 = Long.toString(base + 3);
        String second = update(status(s2, marker, "coffee"));
        String third = update(status(s3, marker, "coffee"));
        stub.mastodon.put(
                "coffee",
                new ConcurrentLinkedQueue<>(List.of(
                        StreamStub.chunks(
                                List.of(
                                        ":thump\n",
                                        update(status(s1, marker, "coffee")),
                                        second.substring(0, 50),
                                        second.substring(50),
                                        "event: delete\ndata: " + s1 + "\n\n",
                                        "event: update\ndata: {broken " + marker + "\n\n",
                                        third.substring(0, 60)),
                                "close"),
                        StreamStub.chunks(List.of(second, third), "keep-alive"))));
        stub.mastodon.put(
                "tea",
                new ConcurrentLinkedQueue<>(List.of(StreamStub.chunks(
                        List.of(
                                update(status(s3, marker, "tea")),
                                update("{\"id\":\"9\",\"uri\":\"https://ex.social/users/a/statuses/9-" + marker
                                        + "\",\"content\":\"\"}")),
                        "keep-alive"))));

        start("mastodon");
        try {
            List<ConsumerRecord<String, String>> raw = posts(marker, 3);
            Map<String, Integer> perId = perExternalId(raw, "mastodon");
            for (ConsumerRecord<String, String> r : raw) {
                assertTrue(
                        r.value().contains("great #coffee & cake") || r.value().contains("great #tea & cake"),
                        r.value());
            }
            assertEquals(
                    Set.of(s1, s2, s3).stream()
                            .map(s -> "https://ex.social/users/a/statuses/" + s)
                            .collect(java.util.stream.Collectors.toSet()),
                    perId.keySet());
            assertEquals(3, raw.size(), "each status once: " + perId);

            List<ConsumerRecord<String, String>> dead = TopicReader.read(
                    KafkaTestResource.bootstrapServers(),
                    Topics.dlq(Topics.FEEDBACK_RAW),
                    v -> v.contains("{broken " + marker),
                    1,
                    Duration.ofSeconds(30));
            assertEquals(1, dead.size());
            assertTrue(new String(
                            dead.get(0)
                                    .headers()
                                    .lastHeader(DeadLetterHeaders.REASON)
                                    .value(),
                            StandardCharsets.UTF_8)
                    .contains("not JSON"));

            List<StreamStub.Connection> c = stub.connections;
            assertTrue(c.stream().anyMatch(k -> k.path().contains("tag=coffee")));
            assertTrue(c.stream().anyMatch(k -> k.path().contains("tag=tea")));
            assertTrue(c.stream().allMatch(k -> ("Bearer " + StubProfile.MASTODON_TOKEN).equals(k.authorization())));
            assertTrue(c.stream().filter(k -> k.path().contains("tag=coffee")).count() >= 2, "reconnected");

            Response status = given().auth().oauth2("test-key").when().get("/api/v1/connectors/mastodon");
            assertEquals(3, status.jsonPath().getLong("posts"), status.asString());
            assertTrue(status.jsonPath().getLong("duplicates") >= 2, status.asString());
            assertTrue(
                    status.jsonPath().getLong("ignored") >= 2,
                    "the deletion and the empty status: " + status.asString());
            assertEquals(2, status.jsonPath().getList("streams").size());
            assertFalse(status.asString().contains(StubProfile.MASTODON_TOKEN));
            assertEquals(
                    List.of(),
                    logs.lines.stream()
                            .filter(l -> l.contains(StubProfile.MASTODON_TOKEN))
                            .toList());
        } finally {
            given().auth()
                    .oauth2("test-key")
                    .when()
                    .post("/api/v1/connectors/mastodon/stop")
                    .then()
                    .statusCode(200);
        }
    }
}
