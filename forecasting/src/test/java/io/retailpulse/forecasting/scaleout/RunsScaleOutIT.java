package io.retailpulse.forecasting.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 18's "done means": two real replicas of the packaged service share a forecast run over 2,000 series through
 * forecasting.work; one is killed with kill -9 in the middle of the run. The other finishes the killed replica's
 * pairs (its uncommitted items are redelivered after the group notices, within the 10 s session timeout): the run
 * is SUCCEEDED, every pair has exactly one forecast (30 days, 2 metric rows) for the run, none is missing.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RunsScaleOutIT {
    private static final int STORES = 40;
    private static final int PRODUCTS = 50;
    private static final int PAIRS = STORES * PRODUCTS;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRunSurvivesAReplicaKilledHalfWayAndStoresEveryPairsForecastExactlyOnce() throws Exception {
        // Fewer interval draws keep the test short; everything else is the service's defaults.
        try (ServiceReplicas replicas =
                new ServiceReplicas(12, List.of("-Dpulse.forecasting.uncertainty-samples=200"))) {
            List<ServiceReplicas.Replica> both = replicas.start("replica-a", "replica-b");
            ServiceReplicas.Replica a = both.get(0);
            ServiceReplicas.Replica b = both.get(1);
            try (Connection c = replicas.db()) {
                SyntheticSeries.history(c, STORES, PRODUCTS, 180);
            }

            var started = ServiceReplicas.post(a, "/api/v1/forecast-runs");
            assertEquals(202, started.statusCode(), started.body());
            long runId = JSON.readTree(started.body()).get("runId").asLong();

            // Kill a once both replicas have finished pairs and the run is well under way, not done.
            JsonNode run = poll(
                    b,
                    runId,
                    120,
                    j -> j.get("done").asInt() >= PAIRS / 5 && j.get("replicas").size() == 2
                            || !"RUNNING".equals(j.get("status").asText()));
            assertEquals(
                    "RUNNING", run.get("status").asText(), "the run must still be running when a is killed: " + run);
            ServiceReplicas.kill9(a);
            JsonNode atKill = poll(b, runId, 10, j -> true);
            int doneAtKill = atKill.get("done").asInt();
            assertTrue(doneAtKill < PAIRS, "killed in the middle: " + atKill);

            JsonNode finished =
                    poll(b, runId, 150, j -> !"RUNNING".equals(j.get("status").asText()));
            assertEquals("SUCCEEDED", finished.get("status").asText(), finished.toString());
            assertEquals(PAIRS, finished.get("total").asInt(), finished.toString());
            assertEquals(PAIRS, finished.get("done").asInt(), finished.toString());
            assertEquals(0, finished.get("failed").asInt(), finished.toString());
            assertEquals(0, finished.get("skipped").asInt(), finished.toString());
            assertEquals(PAIRS, finished.get("metrics").get("backtested").asInt(), finished.toString());
            int fromA = 0;
            int fromB = 0;
            for (JsonNode r : finished.get("replicas")) {
                if (r.get("worker").asText().equals("replica-a")) {
                    fromA = r.get("done").asInt();
                } else if (r.get("worker").asText().equals("replica-b")) {
                    fromB = r.get("done").asInt();
                }
            }
            assertTrue(fromA > 0 && fromB > 0, "both replicas forecast pairs: " + finished.get("replicas"));
            assertEquals(PAIRS, fromA + fromB, finished.get("replicas").toString());
            assertTrue(fromB > PAIRS - doneAtKill - 1, "b finished what a left: " + finished.get("replicas"));
            assertEquals(PAIRS, finished.get("models").get("prophet").asInt(), finished.toString());

            try (Connection c = replicas.db();
                    Statement s = c.createStatement()) {
                assertEquals(
                        0,
                        one(
                                s,
                                "SELECT COUNT(*) FROM forecast_run_pair WHERE run_id = " + runId
                                        + " AND outcome IS NULL"));
                assertEquals(PAIRS, one(s, "SELECT COUNT(*) FROM forecast_run_pair WHERE run_id = " + runId));
                // Exactly one forecast per pair: 30 days each, no pair missing, none doubled; two metric rows each.
                try (ResultSet r = s.executeQuery("SELECT COUNT(*), MIN(c), MAX(c) FROM (SELECT COUNT(*) AS c FROM "
                        + "forecast WHERE run_id = " + runId + " GROUP BY store_id, product_id) x")) {
                    r.next();
                    assertEquals(PAIRS, r.getInt(1), "pairs with a forecast");
                    assertEquals(30, r.getInt(2), "fewest forecast days of a pair");
                    assertEquals(30, r.getInt(3), "most forecast days of a pair");
                }
                assertEquals(2L * PAIRS, one(s, "SELECT COUNT(*) FROM forecast_metrics WHERE run_id = " + runId));
                assertEquals(
                        PAIRS * 30L,
                        one(s, "SELECT COUNT(*) FROM forecast WHERE run_id = " + runId + " AND model = 'prophet'"));
            }
        }
    }

    private static long one(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static JsonNode poll(
            ServiceReplicas.Replica replica, long runId, int seconds, java.util.function.Predicate<JsonNode> until)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            var answer = ServiceReplicas.get(replica, "/api/v1/forecast-runs/" + runId);
            assertEquals(200, answer.statusCode(), answer.body());
            last = JSON.readTree(answer.body());
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + seconds + " s: " + last);
    }
}
