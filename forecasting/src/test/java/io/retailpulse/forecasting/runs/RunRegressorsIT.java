package io.retailpulse.forecasting.runs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retailpulse.forecasting.fixtures.ForecastRuns;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 3 through the service, a real Kafka broker (the run's work items on forecasting.work) and MariaDB:
 * a run with the product's daily sentiment as a regressor (lag 3) over pairs where sentiment was planted to lead
 * sales by 3 days (the demo's shape: {@link PlantedSentiment}) and a pair without any sentiment. The planted pairs'
 * backtest error is lower with the regressor; the pair without sentiment falls back to no regressor and says why;
 * every forecast pair has exactly one row per regressor; bad regressors are refused at creation.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class RunRegressorsIT {
    /** ForecastRunIT's last day: every test's series then end on the run's last day, whichever runs first. */
    private static final LocalDate LAST = LocalDate.of(2030, 3, 25);

    private static final int DAYS = 240;

    @Test
    void aRunWithSentimentAsRegressorBeatsTheRunWithoutOnThePlantedPairsAndStoresEachPairOnce() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String planted = "RRP-" + suffix;
        String plain = "RRN-" + suffix;
        List<String> stores = List.of("RRA-" + suffix, "RRB-" + suffix);
        LocalDate first = LAST.minusDays(DAYS - 1L);
        PlantedSentiment plant = new PlantedSentiment(first, DAYS, 7);
        try (Connection c = MariaDbTestResource.connection();
                Statement st = c.createStatement()) {
            standInViews(st);
            try (PreparedStatement sales = c.prepareStatement("INSERT INTO sales_history (store_id, product_id, "
                            + "sale_date, units, revenue, source) VALUES (?, ?, ?, ?, NULL, 'it')");
                    PreparedStatement posts =
                            c.prepareStatement("REPLACE INTO text_sentiment VALUES (?, ?, ?, ?, ?, ?)")) {
                Random noise = new Random(11);
                for (String store : stores) {
                    for (int t = 0; t < DAYS; t++) {
                        for (String product : List.of(planted, plain)) {
                            if (product.equals(plain) && !store.equals(stores.get(0))) {
                                continue;
                            }
                            sales.setString(1, store);
                            sales.setString(2, product);
                            sales.setObject(3, first.plusDays(t));
                            sales.setLong(4, plant.units(t, 15, product.equals(planted), noise));
                            sales.addBatch();
                        }
                    }
                }
                sales.executeBatch();
                // The planted product's posts; half name a store, half none (product scope counts them all).
                int[] n = {0};
                plant.posts.forEach((day, scores) -> {
                    for (double score : scores) {
                        try {
                            posts.setString(1, "rr-" + suffix + "-" + n[0]);
                            posts.setObject(2, day);
                            posts.setString(3, planted);
                            posts.setString(4, n[0] % 2 == 0 ? null : stores.get(n[0] % 4 == 1 ? 0 : 1));
                            posts.setString(5, score < -0.3 ? "negative" : score > 0.3 ? "positive" : "neutral");
                            posts.setDouble(6, score);
                            posts.addBatch();
                            n[0]++;
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
                posts.executeBatch();
            }
        }

        long runId = ForecastRuns.start(
                Map.of("regressors", List.of(Map.of("name", "sentiment", "source", "sentiment", "lag", 3))));
        JsonPath run = ForecastRuns.awaitEnd(runId, Duration.ofSeconds(150));
        assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
        assertEquals(0, run.getInt("failed"), run.prettify());
        assertEquals("sentiment", run.getString("regressors[0].name"), run.prettify());
        assertEquals(3, run.getInt("regressors[0].lag"));
        assertEquals(3, run.getInt("regressors[0].backtestDays"));
        assertTrue(run.getInt("regressors[0].helped") >= 2, run.prettify());
        assertTrue(run.getInt("regressors[0].fallbacks") >= 1, run.prettify());

        try (Connection c = MariaDbTestResource.connection()) {
            // exactly one row per forecast pair of the run (every FORECAST pair of the run, not only ours)
            assertEquals(
                    count(c, "SELECT COUNT(*) FROM forecast_run_pair WHERE run_id = ? AND outcome = 'FORECAST'", runId),
                    count(c, "SELECT COUNT(*) FROM api_forecast_run_regressor WHERE run_id = ?", runId));
            assertEquals(
                    0,
                    count(
                            c,
                            "SELECT COUNT(*) FROM (SELECT store_id, product_id FROM api_forecast_run_regressor "
                                    + "WHERE run_id = ? GROUP BY store_id, product_id HAVING COUNT(*) > 1) x",
                            runId));
        }
        for (String store : stores) {
            JsonPath row = get("/api/v1/forecast-runs/" + runId + "/regressors?store=" + store + "&product=" + planted);
            assertEquals(1, row.getList("items").size(), row.prettify());
            double with = row.getDouble("items[0].backtestWith");
            double without = row.getDouble("items[0].backtestWithout");
            assertTrue(with < without, store + ": with sentiment " + with + " should beat without " + without);
            assertTrue(row.getBoolean("items[0].helps"));
            assertTrue(row.getBoolean("items[0].used"));
            assertNull(row.get("items[0].note"));
            assertEquals(60, row.getInt("items[0].knownDays"));
        }
        JsonPath none = get("/api/v1/forecast-runs/" + runId + "/regressors?product=" + plain);
        assertEquals(1, none.getList("items").size(), none.prettify());
        assertNull(none.get("items[0].backtestWith"));
        assertNotNull(none.getString("items[0].note"));
        assertTrue(none.getString("items[0].note").contains("too few sentiment values"), none.prettify());
        // the pair's forecast exists all the same (the fallback never fails a pair)
        try (Connection c = MariaDbTestResource.connection()) {
            assertEquals(
                    30,
                    count(c, "SELECT COUNT(*) FROM forecast WHERE run_id = ? AND product_id = '" + plain + "'", runId));
        }
    }

    @Test
    void badRegressorsAreRefusedWhenTheRunIsCreated() throws Exception {
        try (Connection c = MariaDbTestResource.connection();
                Statement st = c.createStatement()) {
            standInViews(st);
        }
        expectBad(Map.of("regressors", List.of(Map.of("name", "nope"))), "unknown regressor 'nope'");
        expectBad(
                Map.of("regressors", List.of(Map.of("name", "s", "source", "sentiment", "lag", -1))),
                "lag must be between 0 and 1000");
        expectBad(
                Map.of("regressors", List.of(Map.of("name", "s", "source", "weather"))), "source 'weather' is not one");
        expectBad(
                Map.of("regressors", List.of(Map.of("name", "no-such-signal-rr", "source", "signal"))),
                "no external series named no-such-signal-rr");
        expectBad(Map.of("regressor", List.of()), "Unrecognized field \"regressor\"");
    }

    private static void expectBad(Map<String, Object> body, String reason) {
        given().auth()
                .oauth2("test-key")
                .contentType("application/json")
                .body(body)
                .when()
                .post("/api/v1/forecast-runs")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString(reason));
    }

    private static JsonPath get(String path) {
        return given().auth()
                .oauth2("test-key")
                .when()
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /**
     * Stand-ins for the views inference and ingest publish (their migrations create them in the shared schema; this
     * service's tests run on forecasting's migrations only): the same names and columns, as ForecastApiIT's.
     */
    static void standInViews(Statement st) throws java.sql.SQLException {
        st.execute("CREATE TABLE IF NOT EXISTS signal_daily (name VARCHAR(128) NOT NULL, ds DATE NOT NULL, "
                + "value DOUBLE NOT NULL, source VARCHAR(64) NOT NULL, version DATETIME(6) NOT NULL, "
                + "PRIMARY KEY (name, ds))");
        st.execute("CREATE OR REPLACE VIEW api_signal_daily AS SELECT s.name AS name, s.ds AS date, "
                + "s.value AS value, s.source AS source, s.version AS updated_at FROM signal_daily s");
        st.execute("CREATE TABLE IF NOT EXISTS text_sentiment (event_id VARCHAR(64) PRIMARY KEY, day DATE, "
                + "product_id VARCHAR(64), store_id VARCHAR(64), label VARCHAR(16), sentiment DOUBLE)");
        st.execute("CREATE OR REPLACE VIEW api_text_sentiment AS SELECT event_id, day, product_id, store_id, "
                + "label, sentiment FROM text_sentiment");
        st.execute("CREATE TABLE IF NOT EXISTS topic_alert (alert_id BIGINT PRIMARY KEY, event_id VARCHAR(64), "
                + "topic_label VARCHAR(255))");
        st.execute("CREATE OR REPLACE VIEW api_topic_alert AS SELECT alert_id, event_id, topic_label "
                + "FROM topic_alert");
    }

    private static long count(Connection c, String sql, long runId) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
