package io.retailpulse.forecasting.runs;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retailpulse.common.api.ProblemException;
import io.retailpulse.common.events.DeadLetterHeaders;
import io.retailpulse.common.events.SalesHistoryEvent;
import io.retailpulse.common.events.Topics;
import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.forecasting.fixtures.ForecastRuns;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * End to end through a real Kafka broker and MariaDB: transactions and imported history in, daily aggregates,
 * a forecast run started over REST, forecasts with intervals and backtest metrics in MySQL, run metrics over
 * REST and the forecasts on {@code forecasts.published}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class ForecastRunIT {
    // Later than any other test's data, so these series end on the run's last day.
    private static final LocalDate FIRST = LocalDate.of(2030, 1, 1);
    private static final int HISTORY_DAYS = 42;
    private static final int TRANSACTION_DAYS = 42;

    @Inject
    ObjectMapper mapper;

    private static long units(String product, LocalDate d) {
        long base = product.equals("P1") ? 20 : 8;
        return base + (d.getDayOfWeek().getValue() >= 6 ? base / 2 : 0) + (d.getDayOfMonth() % 3);
    }

    @Test
    void forecastsEveryStoreProductFromTransactionsAndHistoryAndReportsTheRun() throws Exception {
        String store = "F-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProducer<String, String> producer = KafkaTestResource.producer();
                KafkaConsumer<String, String> published = KafkaTestResource.consumer(Topics.FORECASTS_PUBLISHED)) {
            // P1: 42 days of imported history, then 42 days of transactions (two per day); P2: transactions only.
            for (int d = 0; d < HISTORY_DAYS; d++) {
                LocalDate day = FIRST.plusDays(d);
                SalesHistoryEvent h =
                        new SalesHistoryEvent(store, "P1", day, units("P1", day), null, "test", Instant.now());
                producer.send(new ProducerRecord<>(Topics.SALES_HISTORY, h.key(), mapper.writeValueAsString(h)));
            }
            for (int d = HISTORY_DAYS; d < HISTORY_DAYS + TRANSACTION_DAYS; d++) {
                LocalDate day = FIRST.plusDays(d);
                for (String product : List.of("P1", "P2")) {
                    long u = units(product, day);
                    for (long part : new long[] {u / 2, u - u / 2}) {
                        TransactionEvent t = new TransactionEvent(
                                UUID.randomUUID().toString(),
                                day.atTime(12, 0).toInstant(ZoneOffset.UTC),
                                day,
                                store,
                                product,
                                part,
                                new BigDecimal("1.50"),
                                "test",
                                Instant.now());
                        producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, t.key(), mapper.writeValueAsString(t)));
                    }
                }
            }
            producer.flush();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertEquals(2 * TRANSACTION_DAYS, count("SELECT COUNT(*) FROM daily_sales WHERE store_id = ?", store));
                assertEquals(HISTORY_DAYS, count("SELECT COUNT(*) FROM sales_history WHERE store_id = ?", store));
            });

            long runId = ForecastRuns.start();
            JsonPath run = ForecastRuns.awaitEnd(runId, Duration.ofSeconds(120));
            assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
            assertEquals(run.getInt("total"), run.getInt("done"));
            assertTrue(run.getInt("total") >= 2);
            assertEquals(0, run.getInt("failed"));
            assertTrue(run.getInt("metrics.backtested") >= 2, run.prettify());
            assertNotNull(run.get("metrics.model.smape"));
            assertNotNull(run.get("metrics.seasonalNaive.smape"));
            assertEquals(30, run.getInt("horizonDays"));
            LocalDate asOf = LocalDate.parse(run.getString("asOf"));

            for (String product : List.of("P1", "P2")) {
                List<double[]> rows = forecasts(runId, store, product);
                assertEquals(30, rows.size(), product);
                for (double[] r : rows) {
                    assertTrue(r[1] <= r[0] && r[0] <= r[2], "lower <= yhat <= upper for " + product);
                    assertTrue(r[2] > r[1], "a real interval for " + product);
                }
                // Weekend days sell about half as much again: the forecast must show the weekly pattern.
                assertTrue(rows.stream().mapToDouble(r -> r[0]).average().orElse(0) > units(product, FIRST) * 0.5);
                assertEquals(
                        2,
                        count(
                                "SELECT COUNT(*) FROM forecast_metrics WHERE run_id = " + runId
                                        + " AND store_id = ? AND product_id = '" + product + "'",
                                store));
            }
            assertEquals(asOf.plusDays(1), firstForecastDay(runId, store));
            // P1 trains on history + transactions (84 days), P2 on transactions only (42 days).
            assertEquals(
                    HISTORY_DAYS + TRANSACTION_DAYS - 28,
                    count(
                            "SELECT train_days FROM forecast_metrics WHERE run_id = " + runId
                                    + " AND store_id = ? AND product_id = 'P1' AND model = 'prophet-like'",
                            store));

            ConsumerRecord<String, String> event = poll(published, store + "|P1", runId);
            Map<?, ?> body = mapper.readValue(event.value(), Map.class);
            assertEquals(30, ((List<?>) body.get("points")).size());
        }
    }

    @Test
    void keepsTheLastImportOfADayAndDeadLettersABadHistoryRecord() throws Exception {
        String store = "H-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProducer<String, String> producer = KafkaTestResource.producer();
                KafkaConsumer<String, String> dlq = KafkaTestResource.consumer(Topics.dlq(Topics.SALES_HISTORY))) {
            String key = store + "|P1";
            for (long units : new long[] {5, 9, 7}) {
                SalesHistoryEvent h = new SalesHistoryEvent(store, "P1", FIRST, units, null, "test", Instant.now());
                producer.send(new ProducerRecord<>(Topics.SALES_HISTORY, key, mapper.writeValueAsString(h)));
            }
            SalesHistoryEvent negative =
                    new SalesHistoryEvent(store, "P1", FIRST.plusDays(1), -3, null, "test", Instant.now());
            producer.send(new ProducerRecord<>(Topics.SALES_HISTORY, key, mapper.writeValueAsString(negative)));
            producer.flush();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertEquals(
                            7, count("SELECT COALESCE(MAX(units), -1) FROM sales_history WHERE store_id = ?", store)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String reason = null;
            while (reason == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : dlq.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key())) {
                        reason = new String(
                                r.headers().lastHeader(DeadLetterHeaders.REASON).value(),
                                java.nio.charset.StandardCharsets.UTF_8);
                    }
                }
            }
            assertEquals("units is negative", reason);
            assertEquals(1, count("SELECT COUNT(*) FROM sales_history WHERE store_id = ?", store));
        }
    }

    @Inject
    ForecastRunner runner;

    @Test
    void aRunLeftRunningBeforeItsPlanBlocksNewRunsAndResumesAtTheNextStartInsteadOfFailing() throws Exception {
        // Another test's run may still be finishing: wait until none is RUNNING.
        await().atMost(Duration.ofSeconds(120))
                .until(() -> count("SELECT COUNT(*) FROM forecast_run WHERE status = ?", "RUNNING") == 0);
        long runId;
        // As a process killed right after creating the run leaves it: RUNNING, not planned, nothing published.
        try (Connection c = MariaDbTestResource.connection();
                var ps = c.prepareStatement(
                        "INSERT INTO forecast_run (status, trigger_source, horizon_days, model) VALUES ('RUNNING', 'api', 30, "
                                + "'prophet')",
                        java.sql.Statement.RETURN_GENERATED_KEYS)) {
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                runId = keys.getLong(1);
            }
        }
        // One run at a time in the cluster: the guard is the database's, not this instance's memory.
        given().auth()
                .oauth2("test-key")
                .when()
                .post("/api/v1/forecast-runs")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");

        assertTrue(runner.resume().await().atMost(Duration.ofSeconds(60)) >= 1);
        JsonPath run = ForecastRuns.awaitEnd(runId, Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
        assertEquals(run.getInt("total"), run.getInt("done"), run.prettify());
        assertEquals(
                run.getInt("total"),
                count(
                        "SELECT COUNT(*) FROM forecast_run_pair WHERE run_id = " + runId
                                + " AND outcome IS NOT NULL AND worker <> ?",
                        ""),
                run.prettify());
    }

    @Test
    void aScheduleFireTimeRunsOnceEvenWhenQuartzHandsItOutAgainAfterItsRunEnded() throws Exception {
        await().atMost(Duration.ofSeconds(120))
                .until(() -> count("SELECT COUNT(*) FROM forecast_run WHERE status = ?", "RUNNING") == 0);
        Instant fireTime = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long runId = runner.startScheduled(fireTime).await().atMost(Duration.ofSeconds(60));
        ForecastRuns.awaitEnd(runId, Duration.ofSeconds(120));
        await().atMost(Duration.ofSeconds(30)).until(() -> !runner.isRunning());

        // a second replica given the same fire time: refused, and no second run
        ProblemException refused = assertThrows(
                ProblemException.class,
                () -> runner.startScheduled(fireTime).await().atMost(Duration.ofSeconds(60)));
        assertEquals(409, refused.status());
        assertTrue(refused.getMessage().contains("already started"), refused.getMessage());
        assertEquals(
                1,
                count(
                        "SELECT COUNT(*) FROM forecast_run WHERE scheduled_for = ?",
                        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
                                .withZone(ZoneOffset.UTC)
                                .format(fireTime)));
        assertFalse(runner.isRunning(), "the refusal leaves this instance free to start the next run");
    }

    @Test
    void answersNotFoundForAnUnknownRun() {
        given().auth()
                .oauth2("test-key")
                .when()
                .get("/api/v1/forecast-runs/987654321")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    private static int count(String sql, String store) throws Exception {
        try (Connection c = MariaDbTestResource.connection();
                var ps = c.prepareStatement(sql)) {
            ps.setString(1, store);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static List<double[]> forecasts(long runId, String store, String product) throws Exception {
        try (Connection c = MariaDbTestResource.connection();
                var ps = c.prepareStatement(
                        "SELECT yhat, yhat_lower, yhat_upper FROM forecast WHERE run_id = ? AND store_id = ? AND product_id = ? "
                                + "ORDER BY forecast_date")) {
            ps.setLong(1, runId);
            ps.setString(2, store);
            ps.setString(3, product);
            List<double[]> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)});
                }
            }
            return out;
        }
    }

    private static LocalDate firstForecastDay(long runId, String store) throws Exception {
        try (Connection c = MariaDbTestResource.connection();
                var ps = c.prepareStatement(
                        "SELECT MIN(forecast_date) FROM forecast WHERE run_id = ? AND store_id = ?")) {
            ps.setLong(1, runId);
            ps.setString(2, store);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, LocalDate.class);
            }
        }
    }

    private static ConsumerRecord<String, String> poll(KafkaConsumer<String, String> consumer, String key, long runId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                if (key.equals(r.key()) && r.value().contains("\"runId\":" + runId + ",")) {
                    return r;
                }
            }
        }
        throw new AssertionError("no forecasts.published record for " + key + " in run " + runId);
    }
}
