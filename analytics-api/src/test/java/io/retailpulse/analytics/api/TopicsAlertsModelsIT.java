package io.retailpulse.analytics.api;

import static io.retailpulse.analytics.api.Api.all;
import static io.retailpulse.analytics.api.Api.get;
import static io.retailpulse.analytics.api.Api.text;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.analytics.alerts.AlertItem;
import io.retailpulse.analytics.models.ModelVersionItem;
import io.retailpulse.analytics.reasons.TopReasonItem;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Top reasons, alerts and model versions are exactly inference's rows: run selection, filters, sorts, CSV. */
@QuarkusTest
@QuarkusTestResource(value = OwnerSchemas.class, restrictToAnnotatedClass = true)
class TopicsAlertsModelsIT {
    private static final LocalDateTime T0 = LocalDateTime.of(2025, 6, 2, 8, 0);
    /** alertId|eventId|runId|topicId|topicLabel|similarity|source|userId|text|ts|raisedAt|webhook */
    private static final List<String[]> ALERTS = new ArrayList<>();

    @BeforeAll
    static void fill() throws Exception {
        try (Connection c = MariaDbTestResource.connection();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO topic_run (run_id, status, trigger_source, window_from, window_to) VALUES "
                    + "(1, 'DONE', 'schedule', '2025-05-19 00:00:00', '2025-05-26 00:00:00'),"
                    + "(2, 'DONE', 'api', '2025-05-26 00:00:00', '2025-06-02 00:00:00.500'),"
                    + "(3, 'RUNNING', 'schedule', '2025-06-02 00:00:00', '2025-06-09 00:00:00'),"
                    + "(4, 'FAILED', 'schedule', '2025-06-02 00:00:00', '2025-06-09 00:00:00')");
            // run 2: five reasons (ranks 1..5); run 1: two; run 3 (RUNNING) one that must never show.
            for (int run = 1; run <= 3; run++) {
                int reasons = run == 2 ? 5 : run == 1 ? 2 : 1;
                for (int rank = 1; rank <= reasons; rank++) {
                    long topic = run * 10L + rank;
                    int unhappy = 100 - rank * 7 + (rank == 4 ? 20 : 0);
                    s.execute("INSERT INTO topic_run_topic (run_id, topic_id, label, keywords, representatives, size, "
                            + "unhappy, change_kind, centroid) VALUES (" + run + ", " + topic + ", 'late delivery "
                            + topic
                            + "', '[\"late\",\"delivery\",\"k" + topic + "\"]', '[]', " + (unhappy + 40) + ", "
                            + unhappy
                            + ", 'new', x'00')");
                    s.execute("INSERT INTO topic_reason (run_id, rank_no, topic_id, label, unhappy, share) VALUES ("
                            + run + ", " + rank + ", " + topic + ", 'late delivery " + topic + "', " + unhappy + ", "
                            + (unhappy / 1000.0 + rank / 3.0) + ")");
                }
            }
            s.execute("INSERT INTO model_version (name, version, task, status, metrics, training_data, trained_at, "
                    + "activated_at) VALUES "
                    + "('sentiment-minilm', '1.0.0', 'sentiment', 'RETIRED', '{\"macroRecall\":0.61}', 'semeval', "
                    + "'2025-01-01 10:00:00', '2025-01-02 00:00:00'),"
                    + "('sentiment-minilm', '1.1.0', 'sentiment', 'ACTIVE', '{\"macroRecall\":0.66,\"f1\":0.64}', "
                    + "'semeval + labels', '2025-03-01 10:00:00.250', '2025-03-02 00:00:00'),"
                    + "('ner-minilm', '1.0.0', 'ner', 'ACTIVE', '{\"f1\":0.8}', 'conll', '2025-02-01 10:00:00', NULL),"
                    + "('sentiment-minilm', '1.2.0', 'sentiment', 'REJECTED', '{}', 'semeval, labels', "
                    + "'2025-04-01 10:00:00', NULL)");
        }
        Random random = new Random(5);
        try (Connection c = MariaDbTestResource.connection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO topic_alert (alert_id, event_id, run_id, topic_id, topic_label, similarity, source, "
                                + "user_id, dedupe_key, text, ts, raised_at, webhook) VALUES (?, ?, 2, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 60; i++) {
                long topic = 21 + random.nextInt(3);
                LocalDateTime raised =
                        T0.plusMinutes(random.nextInt(4 * 24 * 60)).plusNanos(random.nextInt(1000) * 1_000_000L);
                LocalDateTime ts = raised.minusSeconds(30);
                String[] a = {
                    String.format("a-%03d", i),
                    "ev-" + i,
                    "2",
                    Long.toString(topic),
                    "late delivery " + topic,
                    Double.toString(0.5 + random.nextInt(40) / 100.0),
                    i % 3 == 0 ? "support" : "review",
                    i % 2 == 0 ? "u" + i : null,
                    "text, \"" + i + "\"",
                    ts.toInstant(ZoneOffset.UTC).toString(),
                    raised.toInstant(ZoneOffset.UTC).toString(),
                    i % 5 == 0 ? "sent" : null
                };
                ps.setString(1, a[0]);
                ps.setString(2, a[1]);
                ps.setLong(3, topic);
                ps.setString(4, a[4]);
                ps.setDouble(5, Double.parseDouble(a[5]));
                ps.setString(6, a[6]);
                ps.setString(7, a[7]);
                ps.setString(8, "dedupe-" + i);
                ps.setString(9, a[8]);
                ps.setObject(10, ts);
                ps.setObject(11, raised);
                ps.setString(12, a[11]);
                ps.addBatch();
                ALERTS.add(a);
            }
            ps.executeBatch();
        }
    }

    private static String reason(JsonNode i) {
        List<String> keywords = new ArrayList<>();
        i.get("keywords").forEach(k -> keywords.add(k.asText()));
        return String.join(
                "|",
                text(i.get("rank")),
                text(i.get("topicId")),
                text(i.get("label")),
                String.join(";", keywords),
                text(i.get("unhappy")),
                text(i.get("share")),
                text(i.get("size")),
                text(i.get("runId")),
                text(i.get("window").get("from")),
                text(i.get("window").get("to")));
    }

    private static List<String> expectedReasons(int run, String from, String to) {
        int reasons = run == 2 ? 5 : 2;
        List<String> rows = new ArrayList<>();
        for (int rank = 1; rank <= reasons; rank++) {
            long topic = run * 10L + rank;
            int unhappy = 100 - rank * 7 + (rank == 4 ? 20 : 0);
            rows.add(String.join(
                    "|",
                    Integer.toString(rank),
                    Long.toString(topic),
                    "late delivery " + topic,
                    "late;delivery;k" + topic,
                    Integer.toString(unhappy),
                    Double.toString(unhappy / 1000.0 + rank / 3.0),
                    Integer.toString(unhappy + 40),
                    Integer.toString(run),
                    from,
                    to));
        }
        return rows;
    }

    @Test
    void topReasonsAreTheNewestDoneRunsUnlessARunIsNamed() {
        List<String> run2 = expectedReasons(2, "2025-05-26T00:00:00Z", "2025-06-02T00:00:00.500Z");
        assertEquals(run2, all("/api/v1/topics/top-reasons", 2, TopicsAlertsModelsIT::reason));
        assertEquals(
                expectedReasons(1, "2025-05-19T00:00:00Z", "2025-05-26T00:00:00Z"),
                all("/api/v1/topics/top-reasons?runId=1", 100, TopicsAlertsModelsIT::reason));
        assertEquals(
                run2.stream()
                        .sorted(Comparator.comparing((String r) -> Integer.parseInt(r.split("\\|")[4]))
                                .reversed())
                        .toList(),
                all("/api/v1/topics/top-reasons?sort=-unhappy", 3, TopicsAlertsModelsIT::reason));
        List<List<String>> csv = Api.parseCsv(Api.csvBody("/api/v1/topics/top-reasons"));
        assertEquals(List.of(TopReasonItem.CSV_HEADER.split(",")), csv.get(0));
        assertEquals(
                run2.stream().map(r -> r.replace(";", "; ")).toList(),
                csv.subList(1, csv.size()).stream()
                        .map(r -> String.join("|", r))
                        .toList());
    }

    @Test
    void topReasonsRefuseUnknownAndUnfinishedRuns() {
        get("/api/v1/topics/top-reasons?runId=99")
                .then()
                .statusCode(404)
                .body("detail", equalTo("topic run 99 does not exist"));
        get("/api/v1/topics/top-reasons?runId=3")
                .then()
                .statusCode(409)
                .body("detail", equalTo("topic run 3 is RUNNING, not DONE"));
        get("/api/v1/topics/top-reasons?runId=-1").then().statusCode(400);
        get("/api/v1/topics/top-reasons?sort=label").then().statusCode(400);
    }

    private static String alert(JsonNode i) {
        return String.join(
                "|",
                text(i.get("alertId")),
                text(i.get("eventId")),
                text(i.get("runId")),
                text(i.get("topicId")),
                text(i.get("topicLabel")),
                text(i.get("similarity")),
                text(i.get("source")),
                text(i.get("userId")),
                text(i.get("text")),
                text(i.get("ts")),
                text(i.get("raisedAt")),
                text(i.get("webhook")));
    }

    private static String joined(String[] a) {
        List<String> parts = new ArrayList<>();
        for (String s : a) {
            parts.add(s == null ? "" : s);
        }
        return String.join("|", parts);
    }

    private static final Comparator<String[]> NEWEST_FIRST = Comparator.comparing(
                    (String[] a) -> java.time.Instant.parse(a[10]))
            .reversed()
            .thenComparing(a -> a[0]);

    @Test
    void alertsAreTheStoredRowsNewestFirstFilteredByRaisedDay() {
        assertEquals(
                ALERTS.stream()
                        .sorted(NEWEST_FIRST)
                        .map(TopicsAlertsModelsIT::joined)
                        .toList(),
                all("/api/v1/alerts", 7, TopicsAlertsModelsIT::alert));
        // from/to are UTC days of raised_at, both inclusive.
        assertEquals(
                ALERTS.stream()
                        .filter(a -> a[10].compareTo("2025-06-03") >= 0 && a[10].compareTo("2025-06-05") < 0)
                        .filter(a -> a[3].equals("22"))
                        .sorted(NEWEST_FIRST)
                        .map(TopicsAlertsModelsIT::joined)
                        .toList(),
                all("/api/v1/alerts?from=2025-06-03&to=2025-06-04&topicId=22", 2, TopicsAlertsModelsIT::alert));
        Comparator<String[]> bySimilarity =
                Comparator.comparing((String[] a) -> Double.parseDouble(a[5])).thenComparing(a -> a[0]);
        assertEquals(
                ALERTS.stream()
                        .filter(a -> a[6].equals("support"))
                        .sorted(bySimilarity)
                        .map(TopicsAlertsModelsIT::joined)
                        .toList(),
                all("/api/v1/alerts?source=support&sort=similarity", 3, TopicsAlertsModelsIT::alert));
        List<List<String>> csv = Api.parseCsv(Api.csvBody("/api/v1/alerts?sort=raisedAt"));
        assertEquals(List.of(AlertItem.CSV_HEADER.split(",")), csv.get(0));
        assertEquals(
                ALERTS.stream()
                        .sorted(NEWEST_FIRST.reversed())
                        .map(TopicsAlertsModelsIT::joined)
                        .toList(),
                csv.subList(1, csv.size()).stream()
                        .map(r -> String.join("|", r))
                        .toList());
        get("/api/v1/alerts?from=2025-06-31").then().statusCode(400);
        get("/api/v1/alerts?topicId=x").then().statusCode(400);
    }

    private static String model(JsonNode i) {
        return String.join(
                "|",
                text(i.get("name")),
                text(i.get("version")),
                text(i.get("task")),
                text(i.get("status")),
                i.get("metrics").toString(),
                text(i.get("trainingData")),
                text(i.get("trainedAt")),
                text(i.get("registeredAt")).isEmpty() ? "missing" : "set",
                text(i.get("activatedAt")));
    }

    @Test
    void modelVersionsAreTheRegistryRows() {
        assertEquals(
                List.of(
                        "sentiment-minilm|1.2.0|sentiment|REJECTED|{}|semeval, labels|2025-04-01T10:00:00Z|set|",
                        "sentiment-minilm|1.1.0|sentiment|ACTIVE|{\"macroRecall\":0.66,\"f1\":0.64}|semeval + labels|"
                                + "2025-03-01T10:00:00.250Z|set|2025-03-02T00:00:00Z",
                        "ner-minilm|1.0.0|ner|ACTIVE|{\"f1\":0.8}|conll|2025-02-01T10:00:00Z|set|",
                        "sentiment-minilm|1.0.0|sentiment|RETIRED|{\"macroRecall\":0.61}|semeval|2025-01-01T10:00:00Z|set|"
                                + "2025-01-02T00:00:00Z"),
                all("/api/v1/model-versions", 3, TopicsAlertsModelsIT::model));
        assertEquals(
                List.of("ner-minilm|1.0.0", "sentiment-minilm|1.1.0"),
                all(
                        "/api/v1/model-versions?status=ACTIVE&sort=name",
                        1,
                        i -> text(i.get("name")) + "|" + text(i.get("version"))));
        List<List<String>> csv = Api.parseCsv(Api.csvBody("/api/v1/model-versions?name=ner-minilm"));
        assertEquals(
                List.of(
                        List.of(ModelVersionItem.CSV_HEADER.split(",")).subList(0, 7),
                        List.of(
                                "ner-minilm",
                                "1.0.0",
                                "ner",
                                "ACTIVE",
                                "{\"f1\":0.8}",
                                "conll",
                                "2025-02-01T10:00:00Z")),
                csv.stream().map(r -> r.subList(0, 7)).toList());
    }

    @Test
    void openApiDocumentsEveryListWithItsParameters() throws Exception {
        JsonNode doc = Api.JSON.readTree(io.restassured.RestAssured.get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        java.util.Map<String, List<String>> expected = java.util.Map.of(
                "/api/v1/sales/daily", List.of("store", "product", "from", "to"),
                "/api/v1/forecasts", List.of("store", "product", "from", "to", "runId", "components"),
                "/api/v1/sentiment/daily", List.of("product", "store", "source", "from", "to"),
                "/api/v1/entities/sentiment", List.of("type", "key", "from", "to"),
                "/api/v1/topics/top-reasons", List.of("runId"),
                "/api/v1/alerts", List.of("from", "to", "topicId", "source"),
                "/api/v1/model-versions", List.of("name", "task", "status"),
                "/api/v1/scored-texts", List.of("from", "to", "source", "label", "product", "store"),
                "/api/v1/signals", List.of("name", "from", "to"),
                "/api/v1/signals/series", List.of("name"));
        expected.forEach((path, filters) -> {
            JsonNode get = doc.path("paths").path(path).path("get");
            assertEquals(false, get.isMissingNode(), path + " is not documented");
            List<String> names = new ArrayList<>();
            get.path("parameters").forEach(p -> {
                names.add(p.path("name").asText());
                assertEquals(false, p.path("description").asText().isBlank(), path + " " + p.path("name"));
            });
            List<String> all = new ArrayList<>(filters);
            all.addAll(List.of("limit", "cursor", "sort"));
            assertEquals(new java.util.TreeSet<>(all), new java.util.TreeSet<>(names), path);
            assertEquals(true, get.path("responses").path("200").path("content").has("text/csv"), path + " CSV");
            assertEquals(true, get.path("responses").path("200").path("content").has("application/json"), path);
        });
    }
}
