package io.retailpulse.forecasting.runs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retailpulse.common.events.DeadLetterHeaders;
import io.retailpulse.common.events.Topics;
import io.retailpulse.forecasting.aggregation.DailySeries;
import io.retailpulse.forecasting.aggregation.SeriesKey;
import io.retailpulse.forecasting.fixtures.ForecastRuns;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * No stuck runs, through a real Kafka broker and MariaDB: a run whose items are a readable one (two good pairs, a
 * pair whose fit throws, a pair whose forecast is not finite) and an unreadable record (one good pair) finishes
 * within seconds, not after {@code stale-after}: SUCCEEDED with 3 of 5 pairs FAILED, each with its reason, the
 * unreadable record on {@code forecasting.work.dlq} with its reason, the good pairs forecast exactly once. The
 * Prophet-like fit clips what the database can hold (log1p of units at most 0 is 0), so no stored series makes it
 * fail: the two failing fits are this test's forecaster, installed for this test only, around the real one.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class RunFailuresIT {
    // Before ForecastRunIT's data (2030), so its series still end on its runs' last day; deleted at the end.
    private static final LocalDate FIRST = LocalDate.of(2029, 1, 1);
    private static final int DAYS = 60;
    private static final int HORIZON = 30;

    @Inject
    ObjectMapper mapper;

    @Inject
    ModelSettings settings;

    /** The real forecaster, except for two products: one whose fit throws, one whose forecast is NaN. */
    static class FailingForecaster extends PairForecaster {
        FailingForecaster(ModelSettings settings) {
            super(settings);
        }

        @Override
        public PairForecast forecast(DailySeries series, PooledShapes pooled) {
            PairForecast real = super.forecast(series, pooled);
            return switch (series.key().productId()) {
                case "THROWS" -> throw new IllegalStateException("design matrix is singular");
                case "NOT-FINITE" ->
                    new PairForecast(
                            real.key(),
                            real.trainDays(),
                            real.days().stream()
                                    .map(d -> new PairForecast.Day(
                                            d.date(), Double.NaN, d.lower(), d.upper(), d.components()))
                                    .toList(),
                            real.model(),
                            real.naive(),
                            real.testDays(),
                            real.used());
                default -> real;
            };
        }
    }

    @Test
    void aRunWithAnUnreadableItemAndPairsWhoseFitFailsFinishesPromptlyWithEachFailureAndItsReason() throws Exception {
        await().atMost(Duration.ofSeconds(120))
                .until(() -> count("SELECT COUNT(*) FROM forecast_run WHERE status = 'RUNNING'") == 0);
        String store = "RF-" + UUID.randomUUID().toString().substring(0, 8);
        LocalDate asOf = FIRST.plusDays(DAYS - 1);
        QuarkusMock.installMockForType(new FailingForecaster(settings), PairForecaster.class);
        Map<String, long[]> series = new HashMap<>();
        for (String p : List.of("GOOD1", "GOOD2", "LOST", "THROWS", "NOT-FINITE")) {
            series.put(p, units(d -> 10 + d % 7));
        }
        long runId;
        try (Connection c = MariaDbTestResource.connection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sales_history (store_id, product_id, "
                    + "sale_date, units, source) VALUES (?, ?, ?, ?, 'test')")) {
                for (var e : series.entrySet()) {
                    for (int d = 0; d < DAYS; d++) {
                        ps.setString(1, store);
                        ps.setString(2, e.getKey());
                        ps.setObject(3, FIRST.plusDays(d));
                        ps.setLong(4, e.getValue()[d]);
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            // A run as ForecastRunner leaves it once published: planned, the pairs numbered by item (0 and 1).
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO forecast_run (status, trigger_source, horizon_days, model, as_of_date, total, "
                            + "planned_at, published_at) VALUES ('RUNNING', 'test', ?, 'prophet', ?, 5, NOW(3), "
                            + "NOW(3))",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setInt(1, HORIZON);
                ps.setObject(2, asOf);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    runId = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO forecast_run_pair (run_id, store_id, product_id, item) VALUES (?, ?, ?, ?)")) {
                for (String p : series.keySet()) {
                    ps.setLong(1, runId);
                    ps.setString(2, store);
                    ps.setString(3, p);
                    ps.setInt(4, p.equals("LOST") ? 1 : 0);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        try {
            long started = System.nanoTime();
            WorkItem readable = new WorkItem(
                    runId,
                    asOf,
                    List.of("GOOD1", "GOOD2", "THROWS", "NOT-FINITE").stream()
                            .map(p -> new SeriesKey(store, p))
                            .toList(),
                    null);
            String stranger = "not-a-run-" + UUID.randomUUID();
            try (KafkaProducer<String, String> producer = KafkaTestResource.producer()) {
                producer.send(new ProducerRecord<>(
                                Topics.FORECASTING_WORK, runId + "-1", "{\"runId\": " + runId + ", "))
                        .get();
                producer.send(new ProducerRecord<>(Topics.FORECASTING_WORK, stranger, "\u0000garbage"))
                        .get();
                producer.send(new ProducerRecord<>(
                                Topics.FORECASTING_WORK, runId + "-0", mapper.writeValueAsString(readable)))
                        .get();
            }

            JsonPath run = ForecastRuns.awaitEnd(runId, Duration.ofSeconds(60), Duration.ofMillis(250));
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
            assertEquals(5, run.getInt("total"), run.prettify());
            assertEquals(5, run.getInt("done"), run.prettify());
            assertEquals(3, run.getInt("failed"), run.prettify());
            assertTrue(seconds < 60, "finished in " + seconds + " s");

            Map<String, String> reasons = new HashMap<>();
            for (Map<String, String> f : run.<Map<String, String>>getList("failures")) {
                reasons.put(f.get("productId"), f.get("reason"));
            }
            assertEquals(3, reasons.size(), run.prettify());
            assertTrue(reasons.get("LOST").startsWith("unreadable work item"), reasons.toString());
            assertTrue(reasons.get("THROWS").contains("design matrix is singular"), reasons.toString());
            assertTrue(reasons.get("NOT-FINITE").startsWith("forecast not finite on"), reasons.toString());
            assertEquals(
                    reasons.get("LOST"),
                    string("SELECT reason FROM forecast_run_pair WHERE run_id = " + runId + " AND store_id = '" + store
                            + "' AND product_id = 'LOST' AND outcome = 'FAILED'"));

            // The good pairs exactly once; nothing stored for the failed ones.
            String ofRun = " WHERE run_id = " + runId + " AND store_id = '" + store + "'";
            assertEquals(2, count("SELECT COUNT(*) FROM forecast_run_pair" + ofRun + " AND outcome = 'FORECAST'"));
            assertEquals(2 * HORIZON, count("SELECT COUNT(*) FROM forecast" + ofRun));
            assertEquals(
                    2 * HORIZON,
                    count("SELECT COUNT(*) FROM forecast" + ofRun + " AND product_id IN ('GOOD1', 'GOOD2')"));
            assertEquals(0, count("SELECT COUNT(*) FROM forecast_run_pair" + ofRun + " AND outcome IS NULL"));

            // Both unreadable records dead-lettered with the reason (the stranger fails nothing).
            Map<String, String> dead = new HashMap<>();
            try (KafkaConsumer<String, String> dlq = KafkaTestResource.consumer(Topics.FORECASTING_WORK + ".dlq")) {
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while ((dead.size() < 2) && System.nanoTime() < until) {
                    for (ConsumerRecord<String, String> r : dlq.poll(Duration.ofMillis(500))) {
                        if (r.key() != null
                                && (r.key().equals(runId + "-1") || r.key().equals(stranger))) {
                            dead.put(
                                    r.key(),
                                    new String(
                                            r.headers()
                                                    .lastHeader(DeadLetterHeaders.REASON)
                                                    .value(),
                                            StandardCharsets.UTF_8));
                        }
                    }
                }
            }
            assertEquals(2, dead.size(), dead.toString());
            dead.values().forEach(reason -> assertTrue(reason.startsWith("unreadable work item"), reason));
        } finally {
            // Later runs cover every pair with data: these must not fail them.
            try (Connection c = MariaDbTestResource.connection();
                    PreparedStatement ps = c.prepareStatement("DELETE FROM sales_history WHERE store_id = ?")) {
                ps.setString(1, store);
                ps.executeUpdate();
            }
        }
    }

    private interface Units {
        long on(int day);
    }

    private static long[] units(Units u) {
        long[] out = new long[DAYS];
        for (int d = 0; d < DAYS; d++) {
            out[d] = u.on(d);
        }
        return out;
    }

    private static int count(String sql) throws Exception {
        return Integer.parseInt(string(sql));
    }

    private static String string(String sql) throws Exception {
        try (Connection c = MariaDbTestResource.connection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
