package io.retailpulse.inference.alerts;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.common.events.AlertEvent;
import io.retailpulse.common.events.FeedbackEvent;
import io.retailpulse.common.events.Topics;
import io.retailpulse.inference.testing.PlantedFeedback;
import io.retailpulse.inference.testing.WebhookStub;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import jakarta.inject.Inject;
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
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Through a real Kafka broker and MariaDB: a week of feedback with planted complaint themes, a weekly run that
 * elects them in order of unhappy volume, then real-time alerts for new feedback on an elected theme only.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
@QuarkusTestResource(WebhookStub.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopicAlertsIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "pulse.inference.alerts.webhook.url")
    String webhookUrl;

    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> alerts;
    private final Map<String, String> themeOf = new HashMap<>();
    private long runId;

    @BeforeAll
    void setUp() {
        producer = KafkaTestResource.producer();
        alerts = KafkaTestResource.consumer(Topics.FEEDBACK_ALERTS);
    }

    @AfterAll
    void tearDown() {
        producer.close();
        alerts.close();
    }

    /** Sends one feedback; complaint markers vary (metadata sentiment, tag, rating) to exercise the unhappy rule. */
    private String send(String text, String theme, boolean complaint, String userId, Instant ts) throws Exception {
        String id = "fb-" + UUID.randomUUID();
        int marker = Math.floorMod(id.hashCode(), 3);
        List<String> tags = complaint && marker == 1 ? List.of("complaint") : List.of("web");
        Map<String, String> meta = new HashMap<>();
        if (complaint) {
            meta.put(
                    marker == 0 ? "sentiment" : marker == 2 ? "rating" : "channel",
                    marker == 0 ? "negative" : marker == 2 ? "1" : "email");
        } else {
            meta.put("sentiment", "positive");
            meta.put("rating", "5");
        }
        FeedbackEvent e = new FeedbackEvent(id, ts, "review", id, userId, "en", text, tags, meta, Instant.now());
        producer.send(new ProducerRecord<>(Topics.FEEDBACK_RAW, id, mapper.writeValueAsString(e)));
        themeOf.put(id, theme);
        return id;
    }

    private static int count(String sql, Object... args) throws Exception {
        try (Connection c = MariaDbTestResource.connection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    @Test
    @Order(1)
    void weeklyRunElectsThePlantedComplaintThemesInOrderOfVolume() throws Exception {
        Instant now = Instant.now();
        int sent = 0;
        Object[][] plan = {
            {PlantedFeedback.DELIVERY, 30, true},
            {PlantedFeedback.REFUND, 20, true},
            {PlantedFeedback.STAFF, 14, true},
            {PlantedFeedback.LOGIN, 6, true},
            {PlantedFeedback.COFFEE, 40, false}
        };
        for (Object[] row : plan) {
            PlantedFeedback.Theme theme = (PlantedFeedback.Theme) row[0];
            List<String> texts =
                    PlantedFeedback.messages(theme, (int) row[1], theme.name().hashCode());
            for (int i = 0; i < texts.size(); i++) {
                // spread over the last six days, users distinct per message
                send(
                        texts.get(i),
                        theme.name(),
                        (boolean) row[2],
                        "u-" + theme.name() + "-" + i,
                        now.minus(Duration.ofMinutes(60L * (1 + (i * 7) % 140))));
                sent++;
            }
        }
        producer.flush();
        int expected = sent;
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM topic_feedback") >= expected);

        JsonNode started = mapper.readTree(given().auth()
                .oauth2("test-key")
                .post("/api/v1/topics/runs")
                .then()
                .statusCode(202)
                .extract()
                .asString());
        runId = started.get("runId").asLong();
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !"RUNNING"
                        .equals(given().auth()
                                .oauth2("test-key")
                                .get("/api/v1/topics/runs/" + runId)
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("run.status")));
        JsonNode run = mapper.readTree(given().auth()
                .oauth2("test-key")
                .get("/api/v1/topics/runs/" + runId)
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertEquals("DONE", run.at("/run/status").asText(), run.toString());
        assertEquals(expected, run.at("/run/total").asInt());
        assertEquals(expected, run.at("/run/done").asInt(), "progress reaches total");

        List<String> electedThemes = new ArrayList<>();
        for (JsonNode reason : run.get("reasons")) {
            electedThemes.add(majorityTheme(reason.get("topicId").asLong()));
        }
        assertEquals(List.of("delivery", "refund", "staff"), electedThemes, run.toString());
        assertEquals(3, count("SELECT COUNT(*) FROM topic_reason WHERE run_id = ?", runId));
    }

    /** The planted theme most of a topic's assigned feedback came from. */
    private String majorityTheme(long topicId) throws Exception {
        return majorityTheme(runId, topicId);
    }

    private String majorityTheme(long run, long topicId) throws Exception {
        Map<String, Integer> votes = new HashMap<>();
        try (Connection c = MariaDbTestResource.connection();
                PreparedStatement s =
                        c.prepareStatement("SELECT event_id FROM topic_assignment WHERE run_id = ? AND topic_id = ?")) {
            s.setLong(1, run);
            s.setLong(2, topicId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    votes.merge(themeOf.get(r.getString(1)), 1, Integer::sum);
                }
            }
        }
        return votes.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse("none");
    }

    @Test
    @Order(2)
    void newComplaintOnAnElectedThemeRaisesExactlyOneAlertOnKafkaAndInMysql() throws Exception {
        String id = send(
                "Third week waiting: my parcel is late and the courier never came",
                "delivery",
                true,
                "alice",
                Instant.now());
        producer.flush();
        List<AlertEvent> received = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            for (ConsumerRecord<String, String> r : alerts.poll(Duration.ofMillis(500))) {
                received.add(mapper.readValue(r.value(), AlertEvent.class));
            }
            return received.stream().anyMatch(a -> a.eventId().equals(id));
        });
        // a second complaint by the same customer on the same topic falls in the dedupe window
        String again =
                send("The delivery is late again, where is my package", "delivery", true, "alice", Instant.now());
        producer.flush();
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM topic_feedback WHERE event_id = ?", again) == 1);
        Thread.sleep(2000);
        for (ConsumerRecord<String, String> r : alerts.poll(Duration.ofSeconds(1))) {
            received.add(mapper.readValue(r.value(), AlertEvent.class));
        }
        assertEquals(1, received.size(), "exactly one alert on feedback.alerts: " + received);
        AlertEvent alert = received.get(0);
        assertEquals("delivery", majorityTheme(alert.topicId()));
        assertTrue(alert.similarity() >= 0.5, "similarity " + alert.similarity());
        assertEquals(1, count("SELECT COUNT(*) FROM topic_alert"));
        assertEquals(
                1, count("SELECT COUNT(*) FROM topic_alert WHERE event_id = ? AND topic_id = ?", id, alert.topicId()));

        // the webhook got it, signed, after one retry (the stub answers 503 first)
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        count("SELECT COUNT(*) FROM topic_alert WHERE event_id = ? AND webhook = 'sent'", id) == 1);
        List<String[]> hooks = WebhookStub.requests(webhookUrl);
        assertEquals(2, hooks.size(), "first attempt refused, second accepted");
        for (String[] h : hooks) {
            assertEquals(
                    "sha256=" + WebhookSender.sign(WebhookStub.SECRET, h[1].getBytes(StandardCharsets.UTF_8)), h[0]);
            assertEquals(id, mapper.readTree(h[1]).get("eventId").asText());
        }
    }

    @Test
    @Order(3)
    void complaintOnAThemeThatWasNotElectedRaisesNoAlert() throws Exception {
        int before = count("SELECT COUNT(*) FROM topic_alert");
        String login =
                send("I cannot log in, the password reset email never arrives", "login", true, "bob", Instant.now());
        String praise = send("Honestly the new coffee blend is delicious", "coffee", false, "carol", Instant.now());
        producer.flush();
        await().atMost(WAIT)
                .until(() -> count("SELECT COUNT(*) FROM topic_feedback WHERE event_id IN (?, ?)", login, praise) == 2);
        Thread.sleep(2000);
        assertEquals(before, count("SELECT COUNT(*) FROM topic_alert"));
        assertTrue(alerts.poll(Duration.ofSeconds(1)).isEmpty(), "no alert on feedback.alerts");
    }

    @Test
    @Order(4)
    void aSecondRunOverTheSameWeekKeepsTheElectedTopicIds() throws Exception {
        JsonNode first = mapper.readTree(given().auth()
                .oauth2("test-key")
                .get("/api/v1/topics/runs/" + runId)
                .then()
                .statusCode(200)
                .extract()
                .asString());
        long second = mapper.readTree(given().auth()
                        .oauth2("test-key")
                        .post("/api/v1/topics/runs")
                        .then()
                        .statusCode(202)
                        .extract()
                        .asString())
                .get("runId")
                .asLong();
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !"RUNNING"
                        .equals(given().auth()
                                .oauth2("test-key")
                                .get("/api/v1/topics/runs/" + second)
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("run.status")));
        JsonNode run = mapper.readTree(given().auth()
                .oauth2("test-key")
                .get("/api/v1/topics/runs/" + second)
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertEquals("DONE", run.at("/run/status").asText(), run.toString());
        // the week gained the four messages of the previous tests, so a small topic may split or appear
        assertTrue(run.at("/run/stable").asInt() >= 3, run.toString());
        assertEquals(
                run.at("/run/topics").asInt(),
                run.at("/run/newTopics").asInt()
                        + run.at("/run/stable").asInt()
                        + run.at("/run/grown").asInt()
                        + run.at("/run/shrunk").asInt(),
                "every topic is new or matched");
        List<Long> before = new ArrayList<>();
        first.get("reasons").forEach(r -> before.add(r.get("topicId").asLong()));
        List<Long> after = new ArrayList<>();
        run.get("reasons").forEach(r -> after.add(r.get("topicId").asLong()));
        assertEquals(before.get(0), after.get(0), "the top reason keeps its id");
        List<String> themes = new ArrayList<>();
        for (long topicId : after) {
            themes.add(majorityTheme(second, topicId));
        }
        assertEquals(List.of("delivery", "refund", "staff"), themes, run.toString());
    }

    @Test
    @Order(5)
    void anEmptyWeekIsSkippedAndTheElectedReasonsStayActive() throws Exception {
        long empty = mapper.readTree(given().auth()
                        .oauth2("test-key")
                        .post("/api/v1/topics/runs?from=2020-01-01T00:00:00Z&to=2020-01-08T00:00:00Z")
                        .then()
                        .statusCode(202)
                        .extract()
                        .asString())
                .get("runId")
                .asLong();
        await().atMost(WAIT)
                .until(() -> "SKIPPED"
                        .equals(given().auth()
                                .oauth2("test-key")
                                .get("/api/v1/topics/runs/" + empty)
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("run.status")));
        assertEquals(
                3,
                given().auth()
                        .oauth2("test-key")
                        .get("/api/v1/topics/reasons")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items")
                        .size());
    }

    @Test
    @Order(6)
    void anUnreadableRecordGoesToTheDeadLetterTopicAndTheStreamContinues() throws Exception {
        producer.send(new ProducerRecord<>(Topics.FEEDBACK_RAW, "poison", "{not json"));
        String after = send("Thanks for the quick help at the counter", "other", false, "dave", Instant.now());
        producer.flush();
        try (KafkaConsumer<String, String> dlq = KafkaTestResource.consumer(Topics.dlq(Topics.FEEDBACK_RAW))) {
            List<ConsumerRecord<String, String>> dead = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                dlq.poll(Duration.ofMillis(500)).forEach(dead::add);
                return dead.stream().anyMatch(r -> "{not json".equals(r.value()));
            });
            ConsumerRecord<String, String> r = dead.stream()
                    .filter(d -> "{not json".equals(d.value()))
                    .findFirst()
                    .orElseThrow();
            assertTrue(r.headers().lastHeader("dead-letter-reason") != null);
            assertTrue(new String(r.headers().lastHeader("dead-letter-source").value(), StandardCharsets.UTF_8)
                    .startsWith(Topics.FEEDBACK_RAW + "-"));
        }
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM topic_feedback WHERE event_id = ?", after) == 1);
    }
}
