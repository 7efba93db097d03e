package io.retailpulse.inference.scoring;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.retailpulse.common.events.CatalogEvent;
import io.retailpulse.common.events.EntityMention;
import io.retailpulse.common.events.FeedbackEvent;
import io.retailpulse.common.events.ScoredTextEvent;
import io.retailpulse.common.events.Topics;
import io.retailpulse.inference.testing.KafkaProbe;
import io.retailpulse.inference.testing.NlpProfile;
import io.retailpulse.inference.testing.WebhookStub;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Through a real broker and MariaDB with the real pulse-text model: feedback.raw → text_sentiment / entity_mention
 * → text.scored, exactly once per event id in MySQL; poison records to the DLQ; catalog products as entities.
 */
@QuarkusTest
@TestProfile(NlpProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
@QuarkusTestResource(WebhookStub.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScoringPipelineIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String POSITIVE = "I love this, fantastic service!";
    private static final String NEGATIVE = "Terrible, broken on arrival, worst purchase ever";

    @Inject
    ObjectMapper mapper;

    private KafkaProbe kafka;
    private KafkaProbe.Reader scored;
    private KafkaProbe.Reader dead;

    @BeforeAll
    void setUp() {
        kafka = new KafkaProbe();
        scored = kafka.reader(Topics.TEXT_SCORED);
        dead = kafka.reader(Topics.dlq(Topics.FEEDBACK_RAW));
    }

    @AfterAll
    void tearDown() {
        kafka.close();
    }

    private FeedbackEvent event(String text, Map<String, String> metadata) {
        String id = "it-" + UUID.randomUUID();
        return new FeedbackEvent(
                id,
                Instant.parse("2025-03-01T10:15:30Z"),
                "review",
                id,
                "user-1",
                "en",
                text,
                List.of("web"),
                metadata,
                Instant.now());
    }

    private void send(FeedbackEvent e) throws Exception {
        kafka.send(Topics.FEEDBACK_RAW, e.eventId(), mapper.writeValueAsString(e));
    }

    private static long count(String sql, Object... args) throws Exception {
        try (Connection c = MariaDbTestResource.connection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static String value(String sql, Object... args) throws Exception {
        try (Connection c = MariaDbTestResource.connection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private List<ScoredTextEvent> scoredFor(String eventId) throws Exception {
        List<ScoredTextEvent> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : scored.poll()) {
            if (eventId.equals(r.key())) {
                out.add(mapper.readValue(r.value(), ScoredTextEvent.class));
            }
        }
        return out;
    }

    @Test
    void postsAreScoredOnceInMysqlAndOnTextScoredEvenWhenSentAgain() throws Exception {
        FeedbackEvent positive = event(POSITIVE, Map.of("product_id", "SKU-META", "rating", "5"));
        FeedbackEvent negative = event(NEGATIVE, Map.of());
        FeedbackEvent neutral = event("I picked up my order at 5pm in Berlin with Maria from the Acme team", null);
        List<FeedbackEvent> all = List.of(positive, negative, neutral);
        for (FeedbackEvent e : all) {
            send(e);
            send(e); // a duplicate right behind it, usually in the same poll
        }
        for (FeedbackEvent e : all) {
            await().atMost(WAIT).until(() -> !scoredFor(e.eventId()).isEmpty());
        }
        String ids = "'" + positive.eventId() + "','" + negative.eventId() + "','" + neutral.eventId() + "'";
        assertEquals(3, count("SELECT COUNT(*) FROM text_sentiment WHERE event_id IN (" + ids + ")"));
        long mentions = count("SELECT COUNT(*) FROM entity_mention WHERE event_id IN (" + ids + ")");

        assertEquals("positive", value("SELECT label FROM text_sentiment WHERE event_id = ?", positive.eventId()));
        assertEquals("negative", value("SELECT label FROM text_sentiment WHERE event_id = ?", negative.eventId()));
        assertEquals(
                "SKU-META",
                value("SELECT product_id FROM text_sentiment WHERE event_id = ?", positive.eventId()),
                "the product named in the metadata");
        assertEquals("2025-03-01", value("SELECT day FROM text_sentiment WHERE event_id = ?", positive.eventId()));
        // a second delivery later (as after a crash before the offset commit) is published again, not stored again
        int before = scoredFor(negative.eventId()).size();
        send(negative);
        await().atMost(WAIT).until(() -> scoredFor(negative.eventId()).size() > before);
        assertEquals(3, count("SELECT COUNT(*) FROM text_sentiment WHERE event_id IN (" + ids + ")"));
        assertEquals(mentions, count("SELECT COUNT(*) FROM entity_mention WHERE event_id IN (" + ids + ")"));

        List<ScoredTextEvent> copies = scoredFor(negative.eventId());
        ScoredTextEvent first = copies.get(0);
        ScoredTextEvent last = copies.get(copies.size() - 1);
        assertEquals("negative", first.label());
        assertEquals(first.label(), last.label(), "the redelivered event is published as stored");
        assertEquals(first.score(), last.score(), 1e-9);
        assertEquals(first.modelVersion(), last.modelVersion());
        assertNotNull(first.model());
        assertEquals(
                1.0,
                first.scores().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum(),
                1e-3);
        assertTrue(first.score() >= 1.0 / 3, "the label is the most probable class");

        ScoredTextEvent n = scoredFor(neutral.eventId()).get(0);
        long stored = count("SELECT COUNT(*) FROM entity_mention WHERE event_id = ?", neutral.eventId());
        assertEquals(n.entities().size(), stored, "every entity on text.scored is in entity_mention");
        for (EntityMention m : n.entities()) {
            assertEquals(m.text(), neutral.text().substring(m.start(), m.end()), "offsets point into the text");
        }
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheReasonAndTheStreamContinues() throws Exception {
        kafka.send(Topics.FEEDBACK_RAW, "poison-json", "{not json");
        FeedbackEvent noText = event(null, null);
        send(noText);
        FeedbackEvent tooLong = event("x".repeat(10_001), null);
        send(tooLong);
        // as long as ingest accepts (10,000 characters): scored, not dead-lettered
        FeedbackEvent longReview = event((NEGATIVE + " ").repeat(9_000 / (NEGATIVE.length() + 1)), null);
        send(longReview);
        FeedbackEvent good = event(NEGATIVE, null);
        send(good);

        Map<String, String> reasons = new HashMap<>();
        await().atMost(WAIT).until(() -> {
            for (ConsumerRecord<String, String> r : dead.poll()) {
                reasons.put(
                        r.key(),
                        new String(r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8));
            }
            return reasons.keySet().containsAll(List.of("poison-json", noText.eventId(), tooLong.eventId()));
        });
        assertTrue(reasons.get("poison-json").startsWith("unreadable FeedbackEvent JSON"), reasons.toString());
        assertEquals("text is missing", reasons.get(noText.eventId()));
        assertEquals("text has 10001 characters, at most 10000", reasons.get(tooLong.eventId()));
        await().atMost(WAIT)
                .until(() -> count("SELECT COUNT(*) FROM text_sentiment WHERE event_id = ?", good.eventId()) == 1);
        await().atMost(WAIT)
                .until(() ->
                        count("SELECT COUNT(*) FROM text_sentiment WHERE event_id = ?", longReview.eventId()) == 1);
        assertFalse(reasons.containsKey(longReview.eventId()), reasons.toString());
        assertEquals(
                0,
                count(
                        "SELECT COUNT(*) FROM text_sentiment WHERE event_id IN (?, ?)",
                        noText.eventId(),
                        tooLong.eventId()));
    }

    @Test
    void aCatalogProductNamedInAPostComesBackAsAProductEntityWithItsIdAlsoWithATypo() throws Exception {
        CatalogEvent product = new CatalogEvent(
                CatalogEvent.PRODUCT,
                "SKU-IT-77",
                "Glenmorrow Sparkling Water",
                null,
                null,
                "Glenmorrow",
                "drinks",
                new BigDecimal("1.99"),
                "import",
                Instant.now());
        kafka.send(CatalogEvent.TOPIC, product.key(), mapper.writeValueAsString(product));
        // the catalog arrives asynchronously: wait until the service knows the product
        await().atMost(WAIT)
                .until(() -> given().auth()
                        .oauth2("test-key")
                        .contentType(ContentType.JSON)
                        .body(Map.of("text", "Glenmorrow Sparkling Water"))
                        .post("/api/v1/entities")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("entities.key")
                        .contains("SKU-IT-77"));

        FeedbackEvent exact = event("The Glenmorrow Sparkling Water I bought yesterday was completely flat.", null);
        FeedbackEvent typo = event("Why is the glenmorow sparkling water always flat?", null);
        send(exact);
        send(typo);
        for (FeedbackEvent e : List.of(exact, typo)) {
            await().atMost(WAIT).until(() -> !scoredFor(e.eventId()).isEmpty());
            ScoredTextEvent s = scoredFor(e.eventId()).get(0);
            EntityMention m = s.entities().stream()
                    .filter(x -> "PRODUCT".equals(x.type()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no PRODUCT in " + s.entities()));
            assertEquals("SKU-IT-77", m.key());
            assertEquals(m.text(), e.text().substring(m.start(), m.end()));
            assertTrue(m.text().toLowerCase().startsWith("glenmor"), m.text());
            assertEquals("SKU-IT-77", s.productId(), "the product of the text is its first PRODUCT entity");
            assertEquals("SKU-IT-77", value("SELECT product_id FROM text_sentiment WHERE event_id = ?", e.eventId()));
            assertEquals(
                    1,
                    count(
                            "SELECT COUNT(*) FROM entity_mention WHERE event_id = ? AND entity_type = 'PRODUCT' "
                                    + "AND entity_key = 'SKU-IT-77'",
                            e.eventId()));
        }
    }
}
