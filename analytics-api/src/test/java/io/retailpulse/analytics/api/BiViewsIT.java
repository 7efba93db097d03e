package io.retailpulse.analytics.api;

import static io.retailpulse.analytics.api.Api.all;
import static io.retailpulse.analytics.api.Api.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.stack.BiUser;
import io.retailpulse.stack.MariaDbServer;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The BI views over the owners' tables, read as the read-only BI user that stack's bi-user.sql creates: the views
 * hold what the tables (and the API) hold; everything else — writing, reading a table, changing the schema — is
 * denied.
 */
@QuarkusTest
@QuarkusTestResource(value = OwnerSchemas.class, restrictToAnnotatedClass = true)
class BiViewsIT {
    private static final String PASSWORD = "biTest123";
    private static final SentimentData DATA = SentimentData.generate(120, 3);
    private static final Set<String> VIEWS = Set.of(
            "bi_daily_sales",
            "bi_forecast_vs_actual",
            "bi_sentiment_daily",
            "bi_entity_sentiment",
            "bi_top_reasons",
            "bi_alerts",
            "bi_signal_daily",
            "bi_forecast_candidate");

    @BeforeAll
    static void fill() throws Exception {
        DATA.insert();
        try (Connection c = MariaDbTestResource.connection();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO daily_sales (store_id, product_id, sale_date, units, revenue, transactions) VALUES "
                    + "('S1', 'P1', '2025-03-01', 10, 25.5000, 3), ('S1', 'P1', '2025-03-02', 7, 14.0000, 2),"
                    + "('S2', 'P1', '2025-03-01', 4, 8.2500, 1)");
            s.execute("INSERT INTO sales_history (store_id, product_id, sale_date, units, revenue, source) VALUES "
                    + "('S1', 'P1', '2025-03-02', 5, NULL, 'import'), ('S2', 'P1', '2025-03-03', 9, NULL, 'import')");
            s.execute("INSERT INTO forecast_run (run_id, status, trigger_source, horizon_days, as_of_date) VALUES "
                    + "(1, 'SUCCEEDED', 'api', 3, '2025-02-28'), (2, 'SUCCEEDED', 'api', 3, '2025-02-28'),"
                    + "(3, 'RUNNING', 'api', 3, '2025-02-28')");
            for (int run = 1; run <= 3; run++) {
                s.execute("INSERT INTO forecast (run_id, store_id, product_id, forecast_date, yhat, yhat_lower, "
                        + "yhat_upper, trend) VALUES "
                        + "(" + run + ", 'S1', 'P1', '2025-03-01', 9.5, 8, 11, 9), "
                        + "(" + run + ", 'S1', 'P1', '2025-03-02', 11, 10, 11.5, 9), "
                        + "(" + run + ", 'S2', 'P1', '2025-03-03', 8, 7, 8.5, 8), "
                        + "(" + run + ", 'S2', 'P1', '2025-03-04', 8, 7, 9, 8)");
            }
            s.execute("INSERT INTO forecast_run_pair (run_id, store_id, product_id, outcome, model) VALUES "
                    + "(2, 'S1', 'P1', 'FORECAST', 'ets+theta'), (3, 'S1', 'P1', 'FORECAST', 'snaive')");
            s.execute("INSERT INTO forecast_candidate (run_id, store_id, product_id, candidate, backtest, mase, smape, "
                    + "chosen) VALUES (2, 'S1', 'P1', 'combination', 'cross-validation', 0.5, NULL, 1), "
                    + "(2, 'S1', 'P1', 'snaive', 'cross-validation', 0.75, NULL, 0), "
                    + "(3, 'S1', 'P1', 'snaive', 'cross-validation', 0.25, NULL, 1)");
            s.execute("INSERT INTO topic_run (run_id, status, trigger_source, window_from, window_to) VALUES "
                    + "(1, 'DONE', 'api', '2025-05-01', '2025-05-08'), (2, 'DONE', 'api', '2025-05-08', '2025-05-15'),"
                    + "(3, 'FAILED', 'api', '2025-05-15', '2025-05-22')");
            s.execute("INSERT INTO topic_reason (run_id, rank_no, topic_id, label, unhappy, share) VALUES "
                    + "(1, 1, 7, 'old reason', 5, 1.0), (2, 1, 8, 'late delivery', 30, 0.6), (2, 2, 9, 'rude staff', 20, 0.4),"
                    + "(3, 1, 10, 'failed run', 1, 1.0)");
            s.execute("INSERT INTO topic_run_topic (run_id, topic_id, label, keywords, representatives, size, unhappy, "
                    + "change_kind, centroid) VALUES (2, 8, 'late delivery', '[\"late\",\"delivery\"]', '[]', 44, 30, "
                    + "'new', x'00')");
            s.execute("INSERT INTO topic_alert (alert_id, event_id, run_id, topic_id, topic_label, similarity, source, "
                    + "dedupe_key, text, ts, raised_at) VALUES ('a1', 'e1', 2, 8, 'late delivery', 0.8, 'review', 'k1', "
                    + "'where is my parcel', '2025-05-16 10:00:00', '2025-05-16 10:00:01'), ('a2', 'e2', 2, 9, "
                    + "'rude staff', 0.7, 'crm', 'k2', 'rude', '2025-05-16 11:00:00', '2025-05-16 11:00:02')");
        }
        try (Connection c = MariaDbTestResource.connection();
                Statement s = c.createStatement()) {
            // ingest's external series (its schema comes from ingest's own migrations, as OwnerSchemas runs them)
            s.execute("INSERT INTO signal_daily (name, ds, value, source, version) VALUES "
                    + "('cpi', '2025-03-01', 101.5, 'api', '2025-03-02 08:00:00'), "
                    + "('cpi', '2025-04-01', 102.25, 'kafka', '2025-04-02 08:00:00'), "
                    + "('search.oat-milk', '2025-03-01', 37, 'api', '2025-03-02 09:00:00')");
        }
        BiUser.apply(MariaDbTestResource.serverPort(), MariaDbTestResource.databaseName(), PASSWORD);
    }

    @Test
    void signalViewHoldsWhatTheApiAnswers() throws Exception {
        List<String> api = all(
                "/api/v1/signals",
                2,
                i -> text(i.get("date")) + "|" + text(i.get("name")) + "|"
                        + i.get("value").asDouble());
        assertEquals(List.of("2025-03-01|cpi|101.5", "2025-04-01|cpi|102.25", "2025-03-01|search.oat-milk|37.0"), api);
        try (Connection c = bi()) {
            assertEquals(
                    List.of(
                            "2025-03-01|cpi|101.5|api|2025-03-02 08:00:00.000000",
                            "2025-04-01|cpi|102.25|kafka|2025-04-02 08:00:00.000000",
                            "2025-03-01|search.oat-milk|37|api|2025-03-02 09:00:00.000000"),
                    rows(c, "SELECT day, name, value, source, updated_at FROM bi_signal_daily ORDER BY name, day"));
            assertDenied(c, "SELECT * FROM signal_daily");
        }
    }

    private static Connection bi() throws SQLException {
        return MariaDbServer.connect(
                MariaDbTestResource.serverPort(), MariaDbTestResource.databaseName(), BiUser.USER, PASSWORD);
    }

    /** Every row of a query as text, columns joined by |, NULL as empty. */
    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                List<String> fields = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    fields.add(Objects.toString(rs.getString(i), ""));
                }
                rows.add(String.join("|", fields));
            }
        }
        return rows;
    }

    @Test
    void theBiUserSeesExactlyTheViews() throws Exception {
        try (Connection c = bi()) {
            assertEquals(new TreeSet<>(VIEWS), new TreeSet<>(rows(c, "SHOW TABLES")));
        }
    }

    @Test
    void salesViewsHoldTheDailyTotalsAndTheNewestSucceededRunAgainstActuals() throws Exception {
        try (Connection c = bi()) {
            assertEquals(
                    List.of(
                            "2025-03-01|S1|P1|10|25.5000|3",
                            "2025-03-01|S2|P1|4|8.2500|1",
                            "2025-03-02|S1|P1|7|14.0000|2"),
                    rows(
                            c,
                            "SELECT day, store_id, product_id, units, revenue, "
                                    + "transactions FROM bi_daily_sales ORDER BY day, store_id"));
            // Run 2 (run 3 is still running); actuals = transactions + imported history, NULL where neither exists.
            assertEquals(
                    List.of(
                            "2|2025-02-28|2025-03-01|S1|P1|9.5|8|11|10|0.5|1",
                            "2|2025-02-28|2025-03-02|S1|P1|11|10|11.5|12|1|0",
                            "2|2025-02-28|2025-03-03|S2|P1|8|7|8.5|9|1|0",
                            "2|2025-02-28|2025-03-04|S2|P1|8|7|9|||"),
                    rows(
                            c,
                            "SELECT run_id, as_of_date, day, store_id, product_id, yhat, yhat_lower, yhat_upper, "
                                    + "actual_units, error, within_interval FROM bi_forecast_vs_actual ORDER BY day"));
            // The candidates of succeeded runs only (run 3 is still running), with the model the run used.
            assertEquals(
                    List.of(
                            "2|2025-02-28|S1|P1|ets+theta|combination|cross-validation|0.5||1",
                            "2|2025-02-28|S1|P1|ets+theta|snaive|cross-validation|0.75||0"),
                    rows(
                            c,
                            "SELECT run_id, as_of_date, store_id, product_id, model, candidate, backtest, mase, "
                                    + "smape, chosen FROM bi_forecast_candidate ORDER BY run_id, candidate"));
        }
    }

    @Test
    void sentimentViewsHoldWhatTheApiAnswers() throws Exception {
        List<String> api = all(
                "/api/v1/sentiment/daily",
                1000,
                i -> String.join(
                        "|",
                        text(i.get("date")),
                        text(i.get("product")),
                        text(i.get("store")),
                        text(i.get("source")),
                        text(i.get("posts")),
                        text(i.get("positive")),
                        text(i.get("neutral")),
                        text(i.get("negative")),
                        String.format("%.9f", i.get("meanScore").asDouble())));
        List<String> entities = all(
                "/api/v1/entities/sentiment",
                1000,
                (JsonNode i) -> String.join(
                        "|",
                        text(i.get("date")),
                        text(i.get("type")),
                        text(i.get("key")),
                        text(i.get("text")),
                        text(i.get("mentions")),
                        text(i.get("texts")),
                        String.format("%.9f", i.get("meanSentiment").asDouble()),
                        String.format("%.9f", i.get("shareNegative").asDouble())));
        assertTrue(api.size() > 20 && entities.size() > 5);
        try (Connection c = bi()) {
            assertEquals(
                    api,
                    rows(
                                    c,
                                    "SELECT day, product_id, store_id, source, posts, positive, neutral, negative, "
                                            + "FORMAT(mean_score, 9, 'en_US') FROM bi_sentiment_daily "
                                            + "ORDER BY day, COALESCE(product_id, ''), COALESCE(store_id, ''), source")
                            .stream()
                            .map(r -> r.replace(",", ""))
                            .toList());
            assertEquals(
                    entities,
                    rows(
                                    c,
                                    "SELECT day, entity_type, entity_key, entity_text, mentions, texts, "
                                            + "FORMAT(mean_sentiment, 9, 'en_US'), FORMAT(share_negative, 9, 'en_US') FROM bi_entity_sentiment "
                                            + "ORDER BY day, entity_type, entity_key")
                            .stream()
                            .map(r -> r.replace(",", ""))
                            .toList());
        }
    }

    @Test
    void topicViewsHoldTheNewestDoneRunAndEveryAlert() throws Exception {
        try (Connection c = bi()) {
            assertEquals(
                    List.of(
                            "2|2025-05-08 00:00:00.000|1|8|late delivery|[\"late\",\"delivery\"]|30|0.6|44",
                            "2|2025-05-08 00:00:00.000|2|9|rude staff||20|0.4|"),
                    rows(
                            c,
                            "SELECT run_id, window_from, reason_rank, topic_id, label, keywords, unhappy, share, "
                                    + "topic_size FROM bi_top_reasons ORDER BY reason_rank"));
            assertEquals(
                    List.of(
                            "a1|2025-05-16 10:00:01.000|8|late delivery|review|where is my parcel",
                            "a2|2025-05-16 11:00:02.000|9|rude staff|crm|rude"),
                    rows(
                            c,
                            "SELECT alert_id, raised_at, topic_id, "
                                    + "topic_label, source, text FROM bi_alerts ORDER BY raised_at"));
        }
    }

    private static void assertDenied(Connection c, String sql) {
        SQLException e = assertThrows(
                SQLException.class,
                () -> {
                    try (Statement s = c.createStatement()) {
                        s.execute(sql);
                    }
                },
                sql);
        // 1142: command denied on a table; 1044: access denied to the database; 1227: needs a privilege.
        assertTrue(
                Set.of(1142, 1044, 1227).contains(e.getErrorCode()),
                sql + ": " + e.getErrorCode() + " " + e.getMessage());
    }

    @Test
    void theBiUserCannotWriteNorReadTablesNorChangeTheSchema() throws Exception {
        try (Connection c = bi()) {
            assertDenied(
                    c,
                    "INSERT INTO daily_sales (store_id, product_id, sale_date, units, revenue, transactions) "
                            + "VALUES ('S9', 'P9', '2025-01-01', 1, 1, 1)");
            assertDenied(
                    c,
                    "INSERT INTO bi_daily_sales (day, store_id, product_id, units, revenue, transactions) "
                            + "VALUES ('2025-01-01', 'S9', 'P9', 1, 1, 1)");
            assertDenied(c, "UPDATE bi_daily_sales SET units = 0");
            assertDenied(c, "DELETE FROM bi_alerts");
            assertDenied(c, "SELECT * FROM daily_sales");
            assertDenied(c, "SELECT * FROM text_sentiment");
            assertDenied(c, "SELECT * FROM forecast");
            assertDenied(c, "CREATE TABLE stolen (x INT)");
            assertDenied(c, "DROP VIEW bi_alerts");
            assertDenied(c, "CREATE OR REPLACE VIEW bi_alerts AS SELECT 1");
        }
        try (Connection c = MariaDbTestResource.connection()) {
            assertEquals(List.of("3"), rows(c, "SELECT COUNT(*) FROM daily_sales"), "a denied write changed data");
        }
    }

    @Test
    void reapplyingTheScriptTakesBackAnythingElseGranted() throws Exception {
        String db = MariaDbTestResource.databaseName();
        try (Connection root = MariaDbServer.connect(MariaDbTestResource.serverPort(), "", "root", "");
                Statement s = root.createStatement()) {
            s.execute("GRANT SELECT, INSERT ON `" + db + "`.`daily_sales` TO 'pulse_bi'@'%'");
        }
        try (Connection c = bi()) {
            assertEquals(3, rows(c, "SELECT * FROM daily_sales").size());
        }
        BiUser.apply(MariaDbTestResource.serverPort(), db, PASSWORD);
        try (Connection c = bi()) {
            assertDenied(c, "SELECT * FROM daily_sales");
            assertEquals(3, rows(c, "SELECT * FROM bi_daily_sales").size());
        }
    }
}
