package io.retailpulse.forecasting.bench;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retailpulse.forecasting.fixtures.ForecastRuns;
import io.retailpulse.forecasting.model.SharedData;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Not part of the suite (the name matches neither *Test nor *IT): the service path on the whole store-item
 * data. Loads all 913,000 daily totals into {@code sales_history} over JDBC, starts a run over REST and reports
 * its duration, per-phase means and backtest metrics. Run: {@code forecasting/bench/run.sh} (that is
 * {@code ./mvnw -B -o -pl forecasting -am test -Dtest=StoreItemServiceBench -Dsurefire.failIfNoSpecifiedTests=false}).
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class StoreItemServiceBench {
    private static final Logger LOG = Logger.getLogger(StoreItemServiceBench.class);

    @Test
    void forecastsAllStoreItemSeriesThroughTheService() throws Exception {
        Map<String, double[]> data = SharedData.storeItemDemand();
        long t0 = System.nanoTime();
        try (Connection c = MariaDbTestResource.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sales_history (store_id, product_id, sale_date, units, source) VALUES (?, ?, ?, ?, 'kaggle')")) {
                int k = 0;
                for (var e : data.entrySet()) {
                    String[] sp = e.getKey().split("\\|");
                    double[] v = e.getValue();
                    for (int d = 0; d < v.length; d++) {
                        ps.setString(1, "S" + sp[0]);
                        ps.setString(2, "I" + sp[1]);
                        ps.setObject(3, LocalDate.of(2013, 1, 1).plusDays(d));
                        ps.setLong(4, (long) v[d]);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    if (++k % 50 == 0) c.commit();
                }
            }
            c.commit();
        }
        LOG.infof("loaded in %d ms", (System.nanoTime() - t0) / 1000000);
        long runId = ForecastRuns.start();
        long t1 = System.nanoTime();
        JsonPath run = ForecastRuns.awaitEnd(runId, Duration.ofSeconds(600), Duration.ofMillis(200));
        LOG.infof("run in %d ms: %s", (System.nanoTime() - t1) / 1000000, run.prettify());
        org.junit.jupiter.api.Assertions.assertEquals("SUCCEEDED", run.getString("status"));
        org.junit.jupiter.api.Assertions.assertEquals(500, run.getInt("done"));
    }
}
