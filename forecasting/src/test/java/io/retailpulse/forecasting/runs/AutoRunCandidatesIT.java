package io.retailpulse.forecasting.runs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.retailpulse.common.events.SalesHistoryEvent;
import io.retailpulse.common.events.Topics;
import io.retailpulse.forecasting.fixtures.ForecastRuns;
import io.retailpulse.forecasting.model.AutoForecaster;
import io.retailpulse.forecasting.model.Frequency;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A run with {@code pulse.forecasting.runs.model=auto}, through a real Kafka broker and MariaDB: every pair it
 * forecast has every candidate's cross-validated error in {@code forecast_candidate} (and the published view), the
 * chosen candidate is the forecast auto used, exactly as the engine chooses on the same series, and the run's
 * {@code modelChoice} sums them up.
 */
@QuarkusTest
@TestProfile(AutoRunCandidatesIT.AutoRuns.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class AutoRunCandidatesIT {
    // Later than any other test's history: these series end on the run's last day.
    private static final LocalDate FIRST = LocalDate.of(2032, 1, 1);
    private static final int DAYS = 150;
    private static final List<String> PRODUCTS = List.of("SMOOTH", "WEEKLY", "TRENDING", "NOISY");

    public static class AutoRuns implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pulse.forecasting.runs.model", "auto");
        }
    }

    @Inject
    ObjectMapper mapper;

    /** Four shapes, so that auto has different choices to make. */
    private static double[] units(String product) {
        Random r = new Random(product.hashCode());
        double[] y = new double[DAYS];
        for (int i = 0; i < DAYS; i++) {
            boolean weekend = FIRST.plusDays(i).getDayOfWeek().getValue() >= 6;
            double v = switch (product) {
                case "SMOOTH" -> 30 + r.nextGaussian();
                case "WEEKLY" -> 20 + (weekend ? 15 : 0) + 2 * r.nextGaussian();
                case "TRENDING" -> 10 + 0.2 * i + (weekend ? 4 : 0) + 2 * r.nextGaussian();
                default -> 8 + 6 * r.nextGaussian();
            };
            y[i] = Math.max(0, Math.round(v));
        }
        return y;
    }

    @Test
    void anAutoRunStoresEveryPairsCandidatesAndChoosesAsTheEngineDoes() throws Exception {
        String store = "C-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProducer<String, String> producer = KafkaTestResource.producer()) {
            for (String product : PRODUCTS) {
                double[] y = units(product);
                for (int d = 0; d < DAYS; d++) {
                    SalesHistoryEvent h = new SalesHistoryEvent(
                            store, product, FIRST.plusDays(d), (long) y[d], null, "test", Instant.now());
                    producer.send(new ProducerRecord<>(Topics.SALES_HISTORY, h.key(), mapper.writeValueAsString(h)));
                }
            }
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertEquals(
                        PRODUCTS.size() * DAYS, count("SELECT COUNT(*) FROM sales_history WHERE store_id = ?", store)));
        // A run of another test class may still be finishing in this database.
        await().atMost(Duration.ofSeconds(120))
                .until(() -> count("SELECT COUNT(*) FROM forecast_run WHERE status = ?", "RUNNING") == 0);

        long runId = ForecastRuns.start();
        JsonPath run = ForecastRuns.awaitEnd(runId, Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
        assertEquals("auto", run.getString("model"));
        LocalDate asOf = LocalDate.parse(run.getString("asOf"));
        assertEquals(FIRST.plusDays(DAYS - 1), asOf, "these series end on the run's last day");

        int horizon = run.getInt("horizonDays");
        for (String product : PRODUCTS) {
            // The engine alone on the same series and horizon as the run.
            AutoForecaster.Fitted engine =
                    AutoForecaster.forFrequency(horizon, Frequency.DAILY).fit(units(product), Frequency.DAILY.period());
            Map<String, Double> stored = new LinkedHashMap<>();
            String chosen = null;
            String model = null;
            try (Connection c = MariaDbTestResource.connection();
                    PreparedStatement s = c.prepareStatement(
                            "SELECT candidate, backtest, mase, smape, chosen, model FROM api_forecast_candidate "
                                    + "WHERE run_id = ? AND store_id = ? AND product_id = ?")) {
                s.setLong(1, runId);
                s.setString(2, store);
                s.setString(3, product);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        stored.put(r.getString(1), r.getDouble(3));
                        assertEquals("cross-validation", r.getString(2));
                        assertEquals(null, r.getObject(4), "auto computes no sMAPE in its cross-validation");
                        if (r.getBoolean(5)) {
                            assertEquals(null, chosen, "one chosen candidate for " + product);
                            chosen = r.getString(1);
                        }
                        model = r.getString(6);
                    }
                }
            }
            assertTrue(
                    stored.keySet().containsAll(List.of("naive", "snaive", "ets", "theta", "dotm", "ensemble")),
                    product + ": " + stored);
            assertEquals(engine.candidates().keySet(), stored.keySet(), product);
            for (Map.Entry<String, Double> e : engine.candidates().entrySet()) {
                assertEquals(e.getValue(), stored.get(e.getKey()), 1e-9, product + " " + e.getKey());
            }
            assertNotNull(chosen, product);
            assertEquals(engine.chosen(), model, product + ": the model auto chose is the pair's model");
            assertEquals(model.contains("+") ? "combination" : model, chosen, product);
            assertEquals(engine.backtestError(), stored.get(chosen), 1e-9, product);
            // By construction auto is never worse than seasonal naive on its own backtest.
            assertTrue(stored.get(chosen) <= stored.get("snaive"), product + ": " + stored);
            assertEquals(
                    model,
                    single(
                            "SELECT DISTINCT model FROM forecast WHERE run_id = " + runId
                                    + " AND store_id = ? AND product_id = '" + product + "'",
                            store),
                    "the forecast rows say the same model");
        }

        // Every pair the run forecast (also other tests' pairs in this database) has its candidates.
        assertEquals(
                0,
                count(
                        "SELECT COUNT(*) FROM forecast_run_pair p WHERE p.run_id = " + runId
                                + " AND p.outcome = ? AND NOT EXISTS (SELECT 1 FROM forecast_candidate c WHERE "
                                + "c.run_id = p.run_id AND c.store_id = p.store_id AND c.product_id = p.product_id "
                                + "AND c.chosen = 1)",
                        "FORECAST"));
        int forecast = count(
                "SELECT COUNT(*) FROM forecast_run_pair WHERE run_id = " + runId + " AND outcome = ?", "FORECAST");
        assertEquals(forecast, run.getInt("modelChoice.pairs"), run.prettify());
        Map<String, Integer> wins = run.getMap("modelChoice.wins");
        assertEquals(
                forecast, wins.values().stream().mapToInt(Integer::intValue).sum(), run.prettify());
        List<Map<String, Object>> candidates = run.getList("modelChoice.candidates");
        int chosenPairs = 0;
        for (Map<String, Object> c : candidates) {
            assertEquals("cross-validation", c.get("backtest"));
            // The families every series gets are candidates of every pair; the others (mstl, the Prophet-like
            // model on daily data with two yearly cycles, the combination) only of the pairs whose history allows.
            int pairs = ((Number) c.get("pairs")).intValue();
            if (List.of("naive", "snaive", "ets", "theta", "dotm", "ensemble").contains((String) c.get("candidate"))) {
                assertEquals(forecast, pairs, c.toString());
            } else {
                assertTrue(pairs >= 1 && pairs <= forecast, c.toString());
            }
            assertNotNull(c.get("meanMase"), c.toString());
            chosenPairs += ((Number) c.get("chosen")).intValue();
        }
        assertEquals(forecast, chosenPairs, "one chosen candidate per pair: " + run.prettify());
        double previous = 0;
        for (Map<String, Object> c : candidates) {
            double mean = ((Number) c.get("meanMase")).doubleValue();
            assertTrue(mean >= previous, "lowest mean error first: " + run.prettify());
            previous = mean;
        }
    }

    private static int count(String sql, String arg) throws Exception {
        return Integer.parseInt(single(sql, arg));
    }

    private static String single(String sql, String arg) throws Exception {
        try (Connection c = MariaDbTestResource.connection();
                var ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                String v = rs.getString(1);
                assertTrue(!rs.next(), "one row: " + sql);
                return v;
            }
        }
    }
}
