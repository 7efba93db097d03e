package io.retailpulse.forecasting.runs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.retailpulse.forecasting.aggregation.DailySeries;
import io.retailpulse.forecasting.aggregation.SeriesKey;
import io.retailpulse.forecasting.fixtures.ForecastRuns;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A run with top-down pooling ({@code pulse.forecasting.runs.pooling.mode=top-down}, level product, weight 1: the
 * stored forecast is the top-down split alone, so the check is exact; shares per weekday), through a real Kafka broker and MariaDB:
 * 3 products × 2 stores, each pair forecast exactly once, labelled {@code prophet+top-down}, and the pooling used
 * the totals: on every day, a product's forecasts over its stores add up to the engine's forecast of the product's
 * total (the same forecaster on the summed series), split by each store's weekday share. The run says its pooling.
 */
@QuarkusTest
@TestProfile(PooledRunIT.TopDownRuns.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class PooledRunIT {
    private static final LocalDate FIRST = LocalDate.of(2033, 1, 3);
    private static final int DAYS = 150;
    private static final List<String> STORES = List.of("A", "B");

    public static class TopDownRuns implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "pulse.forecasting.runs.pooling.mode", "top-down",
                    "pulse.forecasting.runs.pooling.level", "product",
                    "pulse.forecasting.runs.pooling.weight", "1.0",
                    "pulse.forecasting.runs.pooling.share-days", "364",
                    "pulse.forecasting.runs.pooling.by-weekday", "true");
        }
    }

    @Inject
    PairForecaster forecaster;

    @Inject
    ModelSettings settings;

    /** Store B sells more than A and much more on Saturdays, so the shares differ by weekday. */
    private static double[] units(int product, String store, long seed) {
        Random r = new Random(seed);
        double[] y = new double[DAYS];
        for (int i = 0; i < DAYS; i++) {
            boolean saturday = FIRST.plusDays(i).getDayOfWeek().getValue() == 6;
            double base = 10 * (product + 1) * (store.equals("A") ? 1 : saturday ? 4 : 2);
            y[i] = Math.max(0, Math.round(base + 0.05 * i + 3 * r.nextGaussian()));
        }
        return y;
    }

    @Test
    void aTopDownRunForecastsEachPairOnceFromItsProductsTotal() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<String> products = List.of("TD1-" + tag, "TD2-" + tag, "TD3-" + tag);
        Map<String, double[]> totals = new HashMap<>();
        try (Connection c = MariaDbTestResource.connection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO sales_history (store_id, product_id, sale_date,"
                        + " units, source) VALUES (?, ?, ?, ?, 'test')")) {
            for (int p = 0; p < products.size(); p++) {
                double[] total = totals.computeIfAbsent(products.get(p), k -> new double[DAYS]);
                for (String store : STORES) {
                    double[] y = units(p, store, 31L * p + store.hashCode());
                    for (int d = 0; d < DAYS; d++) {
                        ps.setString(1, store + "-" + tag);
                        ps.setString(2, products.get(p));
                        ps.setObject(3, FIRST.plusDays(d));
                        ps.setLong(4, (long) y[d]);
                        ps.addBatch();
                        total[d] += y[d];
                    }
                }
            }
            ps.executeBatch();
        }
        // A run of another test class may still be finishing in this database.
        await().atMost(Duration.ofSeconds(120))
                .until(() -> count("SELECT COUNT(*) FROM forecast_run WHERE status = 'RUNNING'") == 0);

        long runId = ForecastRuns.start();
        JsonPath run = ForecastRuns.awaitEnd(runId, Duration.ofSeconds(120), Duration.ofMillis(500));
        assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
        assertEquals("top-down(level=product, weight=1.0, share-days=364, by weekday)", run.getString("pooling"));
        assertEquals(FIRST.plusDays(DAYS - 1), LocalDate.parse(run.getString("asOf")), "these series end last");
        int horizon = run.getInt("horizonDays");

        TopDown pooling = settings.topDown();
        for (String product : products) {
            // The engine's forecast of the product's total, as the publishing replica computed it.
            DailySeries total =
                    new DailySeries(new SeriesKey("*", TopDown.productKey(product)), FIRST, totals.get(product));
            double[] expected = forecaster.total(total, pooling).forecast();
            double[] sum = new double[horizon];
            for (String store : STORES) {
                String storeId = store + "-" + tag;
                assertEquals(
                        "FORECAST|prophet+top-down",
                        single(
                                "SELECT CONCAT(outcome, '|', model) FROM forecast_run_pair WHERE run_id = ? AND "
                                        + "store_id = ? AND product_id = ?",
                                runId,
                                storeId,
                                product));
                try (Connection c = MariaDbTestResource.connection();
                        PreparedStatement s = c.prepareStatement("SELECT forecast_date, yhat, model FROM forecast "
                                + "WHERE run_id = ? AND store_id = ? AND product_id = ? ORDER BY forecast_date")) {
                    s.setLong(1, runId);
                    s.setString(2, storeId);
                    s.setString(3, product);
                    int rows = 0;
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            assertEquals(FIRST.plusDays(DAYS + rows), r.getObject(1, LocalDate.class));
                            assertEquals("prophet+top-down", r.getString(3));
                            sum[rows++] += r.getDouble(2);
                        }
                    }
                    assertEquals(horizon, rows, "one forecast per pair and day: " + storeId + " " + product);
                }
            }
            for (int i = 0; i < horizon; i++) {
                assertEquals(expected[i], sum[i], 1e-6 * Math.max(1, expected[i]), product + " day " + i);
            }
        }
        assertEquals(Map.of("prophet+top-down", products.size() * STORES.size()), run.getMap("models"));
        List<String> candidates = run.getList("modelChoice.candidates.candidate");
        assertNotNull(candidates, run.prettify());
        assertTrue(candidates.containsAll(List.of("prophet", "prophet+top-down", "snaive")), candidates.toString());
    }

    private static int count(String sql) throws Exception {
        return Integer.parseInt(single(sql));
    }

    private static String single(String sql, Object... args) throws Exception {
        try (Connection c = MariaDbTestResource.connection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }
}
