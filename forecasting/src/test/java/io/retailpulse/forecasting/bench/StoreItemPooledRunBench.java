package io.retailpulse.forecasting.bench;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.retailpulse.forecasting.fixtures.ForecastRuns;
import io.retailpulse.forecasting.model.Metrics;
import io.retailpulse.forecasting.model.SharedData;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Not part of the suite (the name matches neither *Test nor *IT): issue 17's Store Item Demand target through a
 * forecast run. Loads the 500 series up to 2017-10-02 into {@code sales_history}, starts one run over REST with
 * horizon 90 and the pooling asked for ({@code -Dbench.pooling=top-down}, the default here, or {@code none}; the
 * run's engine {@code -Dbench.model}, default prophet; {@code -Dbench.level}, {@code -Dbench.weight},
 * {@code -Dbench.share-days}), then scores the stored forecasts ({@code forecast} table, one per pair and day)
 * against the last 90 days of 2017: SMAPE, MASE against the in-sample weekly seasonal naive, 80 % coverage; prints
 * the run's answer (its {@code pooling}, backtest metrics and model choice) and its wall time.
 * Run: {@code forecasting/bench/run.sh StoreItemPooledRunBench [-Dbench.pooling=none]}.
 */
@QuarkusTest
@TestProfile(StoreItemPooledRunBench.Settings.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class StoreItemPooledRunBench {
    private static final Logger LOG = Logger.getLogger(StoreItemPooledRunBench.class);
    private static final LocalDate ORIGIN = LocalDate.of(2013, 1, 1);
    private static final int HOLD_OUT = 90;

    public static class Settings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> c = new HashMap<>();
            c.put("pulse.forecasting.horizon-days", String.valueOf(HOLD_OUT));
            c.put("pulse.forecasting.runs.model", System.getProperty("bench.model", "prophet"));
            c.put("pulse.forecasting.runs.pooling.mode", System.getProperty("bench.pooling", "top-down"));
            c.put("pulse.forecasting.runs.pooling.level", System.getProperty("bench.level", "both"));
            c.put("pulse.forecasting.runs.pooling.weight", System.getProperty("bench.weight", "0.75"));
            c.put("pulse.forecasting.runs.pooling.share-days", System.getProperty("bench.share-days", "728"));
            c.put("pulse.forecasting.runs.pooling.by-weekday", System.getProperty("bench.by-weekday", "false"));
            return c;
        }
    }

    @Test
    void forecastsTheLastNinetyDaysOfStoreItemInOneRun() throws Exception {
        Map<String, double[]> data = SharedData.storeItemDemand();
        int n = 1826 - HOLD_OUT;
        try (Connection c = MariaDbTestResource.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sales_history (store_id, product_id, sale_date,"
                    + " units, source) VALUES (?, ?, ?, ?, 'kaggle')")) {
                int k = 0;
                for (var e : data.entrySet()) {
                    String[] sp = e.getKey().split("\\|");
                    for (int d = 0; d < n; d++) {
                        ps.setString(1, "S" + sp[0]);
                        ps.setString(2, "I" + sp[1]);
                        ps.setObject(3, ORIGIN.plusDays(d));
                        ps.setLong(4, (long) e.getValue()[d]);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    if (++k % 50 == 0) {
                        c.commit();
                    }
                }
            }
            c.commit();
        }
        long runId = ForecastRuns.start();
        long t0 = System.nanoTime();
        JsonPath run = ForecastRuns.awaitEnd(runId, Duration.ofMinutes(30), Duration.ofSeconds(1));
        long wall = (System.nanoTime() - t0) / 1_000_000;
        Assertions.assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
        Map<String, double[][]> stored = new HashMap<>();
        try (Connection c = MariaDbTestResource.connection();
                PreparedStatement ps = c.prepareStatement("SELECT store_id, product_id, forecast_date, yhat, "
                        + "yhat_lower, yhat_upper FROM forecast WHERE run_id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key =
                            rs.getString(1).substring(1) + "|" + rs.getString(2).substring(1);
                    int i = (int) (rs.getObject(3, LocalDate.class).toEpochDay() - ORIGIN.toEpochDay()) - n;
                    double[][] f = stored.computeIfAbsent(key, x -> new double[3][HOLD_OUT]);
                    f[0][i] = rs.getDouble(4);
                    f[1][i] = rs.getDouble(5);
                    f[2][i] = rs.getDouble(6);
                }
            }
        }
        double smape = 0;
        double mase = 0;
        double cov = 0;
        for (var e : data.entrySet()) {
            double[][] f = stored.get(e.getKey());
            Assertions.assertNotNull(f, "no forecast for " + e.getKey());
            double[] all = e.getValue();
            Metrics m = Metrics.of(Arrays.copyOfRange(all, n, all.length), f[0], f[1], f[2], Arrays.copyOf(all, n), 7);
            smape += m.smape();
            mase += m.mase();
            cov += m.coverage();
        }
        int pairs = data.size();
        String report = String.format(
                Locale.ROOT,
                "Store Item Demand through a forecast run (model %s, pooling %s, horizon %d, history to %s): %d pairs,"
                        + " SMAPE %.2f, MASE %.3f, cov80 %.3f; run wall %d ms",
                run.getString("model"),
                run.getString("pooling"),
                HOLD_OUT,
                ORIGIN.plusDays(n - 1L),
                stored.size(),
                smape / pairs,
                mase / pairs,
                cov / pairs,
                wall);
        LOG.infof("%s%nrun: %s", report, run.prettify());
        System.out.println(report);
    }
}
