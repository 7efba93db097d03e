package io.retailpulse.analytics.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.retailpulse.analytics.forecasts.CandidateItem;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/forecasts/models} and its summary against a real MariaDB with forecasting's own schema
 * (rows written into its tables as its runs write them, read through the published api_forecast_candidate).
 */
@QuarkusTest
@QuarkusTestResource(value = OwnerSchemas.class, restrictToAnnotatedClass = true)
class ForecastModelResourceIT {
    /** run, store, product, model of the pair, candidate, backtest, mase, smape, chosen. */
    private static final Object[][] CANDIDATES = {
        {1, "S1", "P1", "prophet", "prophet", "holdout", 0.75, 12.5, true},
        {1, "S1", "P1", "prophet", "snaive", "holdout", 1.0, 15.0, false},
        {2, "S1", "P1", "ets+theta", "combination", "cross-validation", 0.625, null, true},
        {2, "S1", "P1", "ets+theta", "ets", "cross-validation", 0.75, null, false},
        {2, "S1", "P1", "ets+theta", "naive", "cross-validation", 1.5, null, false},
        {2, "S1", "P1", "ets+theta", "snaive", "cross-validation", 1.25, null, false},
        {2, "S1", "P1", "ets+theta", "theta", "cross-validation", 0.875, null, false},
        {2, "S1", "P2", "snaive", "combination", "cross-validation", 0.625, null, false},
        {2, "S1", "P2", "snaive", "ets", "cross-validation", 0.75, null, false},
        {2, "S1", "P2", "snaive", "naive", "cross-validation", 1.0, null, false},
        {2, "S1", "P2", "snaive", "snaive", "cross-validation", 0.5, null, true},
        {2, "S1", "P2", "snaive", "theta", "cross-validation", 0.625, null, false},
        {2, "S2", "P1", "mstl", "combination", "cross-validation", 0.5, null, false},
        {2, "S2", "P1", "mstl", "ets", "cross-validation", 0.875, null, false},
        {2, "S2", "P1", "mstl", "mstl", "cross-validation", 0.5, null, true},
        {2, "S2", "P1", "mstl", "naive", "cross-validation", 2.0, null, false},
        {2, "S2", "P1", "mstl", "snaive", "cross-validation", 1.0, null, false},
        {2, "S2", "P1", "mstl", "theta", "cross-validation", 1.0, null, false},
        {3, "S1", "P1", null, "ets", "cross-validation", 0.5, null, true},
    };

    @BeforeAll
    static void fill() throws Exception {
        try (Connection c = MariaDbTestResource.connection()) {
            try (PreparedStatement run = c.prepareStatement("INSERT INTO forecast_run (run_id, status, trigger_source, "
                    + "horizon_days, model) VALUES (?, ?, 'api', 30, ?)")) {
                for (Object[] r :
                        new Object[][] {{1, "SUCCEEDED", "prophet"}, {2, "SUCCEEDED", "auto"}, {3, "RUNNING", "auto"}
                        }) {
                    run.setInt(1, (Integer) r[0]);
                    run.setString(2, (String) r[1]);
                    run.setString(3, (String) r[2]);
                    run.addBatch();
                }
                run.executeBatch();
            }
            try (PreparedStatement pair = c.prepareStatement("INSERT IGNORE INTO forecast_run_pair (run_id, store_id, "
                            + "product_id, outcome, model, worker, done_at) VALUES (?, ?, ?, ?, ?, 'w', NOW(3))");
                    PreparedStatement candidate = c.prepareStatement(
                            "INSERT INTO forecast_candidate (run_id, store_id, "
                                    + "product_id, candidate, backtest, mase, smape, chosen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Object[] r : CANDIDATES) {
                    pair.setInt(1, (Integer) r[0]);
                    pair.setString(2, (String) r[1]);
                    pair.setString(3, (String) r[2]);
                    pair.setString(4, r[3] == null ? null : "FORECAST");
                    pair.setString(5, (String) r[3]);
                    pair.addBatch();
                    candidate.setInt(1, (Integer) r[0]);
                    candidate.setString(2, (String) r[1]);
                    candidate.setString(3, (String) r[2]);
                    candidate.setString(4, (String) r[4]);
                    candidate.setString(5, (String) r[5]);
                    candidate.setObject(6, r[6]);
                    candidate.setObject(7, r[7]);
                    candidate.setBoolean(8, (Boolean) r[8]);
                    candidate.addBatch();
                }
                pair.executeBatch();
                candidate.executeBatch();
            }
        }
    }

    /** The rows of a run as the endpoint's CSV spells them, in its default order (store, product, candidate). */
    private static List<String> expected(int run, String store, String product) {
        List<String> rows = new ArrayList<>();
        for (Object[] r : CANDIDATES) {
            if ((Integer) r[0] == run
                    && (store == null || store.equals(r[1]))
                    && (product == null || product.equals(r[2]))) {
                rows.add(r[0] + "," + r[1] + "," + r[2] + "," + r[3] + "," + r[4] + "," + r[5] + "," + r[6] + ","
                        + (r[7] == null ? "" : r[7]) + "," + r[8]);
            }
        }
        return rows;
    }

    private static String row(JsonNode i) {
        return i.get("runId").asLong() + "," + i.get("store").asText() + ","
                + i.get("product").asText() + ","
                + i.get("model").asText() + "," + i.get("candidate").asText() + ","
                + i.get("backtest").asText() + ","
                + i.get("mase").asDouble() + ","
                + (i.get("smape").isNull() ? "" : i.get("smape").asDouble()) + ","
                + i.get("chosen").asBoolean();
    }

    @Test
    void answersEveryCandidateOfTheNewestSuccessfulRunUnlessARunIsNamedPaged() {
        assertEquals(expected(2, null, null), Api.all("/api/v1/forecasts/models", 4, ForecastModelResourceIT::row));
        assertEquals(
                expected(1, null, null), Api.all("/api/v1/forecasts/models?runId=1", 1, ForecastModelResourceIT::row));
        assertEquals(
                expected(2, "S1", "P2"),
                Api.all("/api/v1/forecasts/models?store=S1&product=P2", 100, ForecastModelResourceIT::row));
    }

    @Test
    void filtersTheChosenCandidateOfEachPair() {
        assertEquals(
                List.of("S1,P1,ets+theta,combination", "S1,P2,snaive,snaive", "S2,P1,mstl,mstl"),
                Api.all(
                        "/api/v1/forecasts/models?chosen=true",
                        2,
                        i -> i.get("store").asText() + "," + i.get("product").asText() + ","
                                + i.get("model").asText() + ","
                                + i.get("candidate").asText()));
        assertEquals(
                List.of("S2,P1,1.0", "S1,P2,0.5", "S1,P1,1.25"),
                Api.all(
                        "/api/v1/forecasts/models?candidate=snaive&sort=-store,-product",
                        10,
                        i -> i.get("store").asText() + "," + i.get("product").asText() + ","
                                + i.get("mase").asDouble()));
        assertEquals(
                16 - 3,
                Api.all("/api/v1/forecasts/models?chosen=false", 100, i -> i).size());
    }

    @Test
    void answersCsvWhenAskedFor() {
        assertEquals(
                CandidateItem.CSV_HEADER + "\n" + String.join("\n", expected(2, "S2", null)) + "\n",
                Api.csvBody("/api/v1/forecasts/models?store=S2"));
        assertEquals(
                CandidateItem.CSV_HEADER + "\n" + String.join("\n", expected(1, null, null)) + "\n",
                Api.csvBody("/api/v1/forecasts/models?runId=1"));
    }

    @Test
    void summarisesARunsModelChoice() {
        JsonNode s = Api.json("/api/v1/forecasts/models/summary");
        assertEquals(2, s.get("runId").asLong());
        assertEquals(3, s.get("pairs").asInt());
        assertEquals(Map.of("ets+theta", 1, "mstl", 1, "snaive", 1), Api.JSON.convertValue(s.get("wins"), Map.class));
        // candidate -> pairs, mean MASE, chosen, lowest (pairs where it was the best single candidate)
        Map<String, List<Object>> expected = new LinkedHashMap<>();
        expected.put("mstl", List.of(1, 0.5, 1, 1));
        expected.put("combination", List.of(3, (0.625 + 0.625 + 0.5) / 3, 1, "null"));
        expected.put("ets", List.of(3, (0.75 + 0.75 + 0.875) / 3, 0, 1));
        expected.put("theta", List.of(3, (0.875 + 0.625 + 1.0) / 3, 0, 0));
        expected.put("snaive", List.of(3, (1.25 + 0.5 + 1.0) / 3, 1, 1));
        expected.put("naive", List.of(3, (1.5 + 1.0 + 2.0) / 3, 0, 0));
        List<String> names = new ArrayList<>();
        for (JsonNode c : s.get("candidates")) {
            String name = c.get("candidate").asText();
            names.add(name);
            List<Object> e = expected.get(name);
            assertEquals("cross-validation", c.get("backtest").asText());
            assertEquals(e.get(0), c.get("pairs").asInt(), name);
            assertEquals((Double) e.get(1), c.get("meanMase").asDouble(), 1e-12, name);
            assertTrue(c.get("meanSmape").isNull(), name);
            assertEquals(e.get(2), c.get("chosen").asInt(), name);
            assertEquals(String.valueOf(e.get(3)), c.get("lowest").asText(), name);
        }
        assertEquals(new ArrayList<>(expected.keySet()), names, "lowest mean MASE first");

        JsonNode fixed = Api.json("/api/v1/forecasts/models/summary?runId=1");
        assertEquals(Map.of("prophet", 1), Api.JSON.convertValue(fixed.get("wins"), Map.class));
        assertEquals("prophet", fixed.get("candidates").get(0).get("candidate").asText());
        assertEquals(12.5, fixed.get("candidates").get(0).get("meanSmape").asDouble());
        assertEquals("holdout", fixed.get("candidates").get(1).get("backtest").asText());
    }

    @Test
    void refusesBadParametersWithProblemJson() {
        problem(Api.get("/api/v1/forecasts/models?runId=99"), 404, "forecast run 99 does not exist");
        problem(Api.get("/api/v1/forecasts/models?runId=3"), 409, "forecast run 3 is RUNNING, not SUCCEEDED");
        problem(Api.get("/api/v1/forecasts/models?runId=abc"), 400, "runId 'abc' is not a whole number");
        problem(Api.get("/api/v1/forecasts/models?runId=0"), 400, null);
        problem(Api.get("/api/v1/forecasts/models?chosen=maybe"), 400, "chosen 'maybe' is not true or false");
        problem(Api.get("/api/v1/forecasts/models?candidate=" + "x".repeat(33)), 400, null);
        problem(Api.get("/api/v1/forecasts/models?sort=mase"), 400, null);
        problem(Api.get("/api/v1/forecasts/models?limit=0"), 400, null);
        problem(Api.get("/api/v1/forecasts/models?cursor=not-a-cursor"), 400, null);
        problem(Api.get("/api/v1/forecasts/models/summary?runId=abc"), 400, "runId 'abc' is not a whole number");
        problem(Api.get("/api/v1/forecasts/models/summary?runId=99"), 404, "forecast run 99 does not exist");
        problem(Api.get("/api/v1/forecasts/models/summary?runId=3"), 409, "forecast run 3 is RUNNING, not SUCCEEDED");
        problem(
                io.restassured.RestAssured.given()
                        .auth()
                        .oauth2("test-key")
                        .accept("text/csv")
                        .when()
                        .get("/api/v1/forecasts/models?runId=99"),
                404,
                null);
    }

    @Test
    void openApiDocumentsTheListAndTheSummary() throws Exception {
        JsonNode doc = Api.JSON.readTree(io.restassured.RestAssured.get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        JsonNode list = doc.path("paths").path("/api/v1/forecasts/models").path("get");
        List<String> names = new ArrayList<>();
        list.path("parameters").forEach(p -> {
            names.add(p.path("name").asText());
            assertTrue(!p.path("description").asText().isBlank(), p.toString());
        });
        assertEquals(
                new java.util.TreeSet<>(
                        List.of("runId", "store", "product", "candidate", "chosen", "limit", "cursor", "sort")),
                new java.util.TreeSet<>(names));
        assertTrue(list.path("responses").path("200").path("content").has("text/csv"));
        assertTrue(list.path("responses").path("200").path("content").has("application/json"));
        assertTrue(!doc.path("paths")
                .path("/api/v1/forecasts/models/summary")
                .path("get")
                .isMissingNode());
    }

    private static void problem(Response r, int status, String detail) {
        assertEquals(status, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        if (detail != null) {
            assertEquals(detail, r.jsonPath().getString("detail"));
        }
    }
}
