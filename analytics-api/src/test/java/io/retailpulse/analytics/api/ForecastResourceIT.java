package io.retailpulse.analytics.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.retailpulse.analytics.forecasts.ForecastItem;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real MariaDB with forecasting's own schema: the newest successful run, exactly, paged. */
@QuarkusTest
@QuarkusTestResource(value = OwnerSchemas.class, restrictToAnnotatedClass = true)
class ForecastResourceIT {
    private static final LocalDate START = LocalDate.of(2025, 3, 1);

    @BeforeAll
    static void fill() throws Exception {
        try (Connection c = MariaDbTestResource.connection()) {
            try (PreparedStatement run = c.prepareStatement(
                    "INSERT INTO forecast_run (run_id, status, trigger_source, horizon_days) VALUES (?, ?, 'api', 5)")) {
                for (Object[] r : new Object[][] {{1, "SUCCEEDED"}, {2, "SUCCEEDED"}, {3, "RUNNING"}, {4, "FAILED"}}) {
                    run.setInt(1, (Integer) r[0]);
                    run.setString(2, (String) r[1]);
                    run.addBatch();
                }
                run.executeBatch();
            }
            try (PreparedStatement f = c.prepareStatement("INSERT INTO forecast (run_id, store_id, product_id, "
                    + "forecast_date, yhat, yhat_lower, yhat_upper, trend, weekly, yearly, components) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)")) {
                for (int run = 1; run <= 3; run++) {
                    for (String[] pair : expectedPairs()) {
                        for (int d = 0; d < 5; d++) {
                            double yhat = yhat(run, pair[0], pair[1], d);
                            f.setInt(1, run);
                            f.setString(2, pair[0]);
                            f.setString(3, pair[1]);
                            f.setObject(4, START.plusDays(d));
                            f.setDouble(5, yhat);
                            f.setDouble(6, yhat - 1.5);
                            f.setDouble(7, yhat + 2.25);
                            f.setDouble(8, yhat - 0.5);
                            f.setDouble(9, 0.5);
                            f.setString(10, "{\"trend\":" + (yhat - 0.5) + ",\"weekly\":0.5,\"promo\":" + d + "}");
                            f.addBatch();
                        }
                    }
                }
                f.executeBatch();
            }
        }
    }

    private static List<String[]> expectedPairs() {
        return List.of(new String[] {"S1", "P1"}, new String[] {"S1", "P2"}, new String[] {"S2", "P1"});
    }

    private static double yhat(int run, String store, String product, int day) {
        return run * 100 + store.charAt(1) * 10 + product.charAt(1) + day + 0.125;
    }

    /** What the tables hold for a run, in the endpoint's order (date, store, product). */
    private static List<String> expected(int run) {
        List<String> rows = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            for (String[] pair : expectedPairs()) {
                double y = yhat(run, pair[0], pair[1], d);
                rows.add(START.plusDays(d) + "," + pair[0] + "," + pair[1] + "," + y + "," + (y - 1.5) + ","
                        + (y + 2.25) + "," + run + "," + (y - 0.5) + ",0.5,,");
            }
        }
        return rows;
    }

    private static Response get(String query) {
        return given().auth().oauth2("test-key").when().get("/api/v1/forecasts" + query);
    }

    private static List<String> all(String query) {
        List<String> rows = new ArrayList<>();
        String cursor = null;
        do {
            Response r = get(query + "&limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
            r.then().statusCode(200);
            for (Map<String, Object> i : r.jsonPath().<Map<String, Object>>getList("items")) {
                rows.add(i.get("date") + "," + i.get("store") + "," + i.get("product") + "," + i.get("yhat") + ","
                        + i.get("yhat_lower") + "," + i.get("yhat_upper") + "," + i.get("runId") + "," + i.get("trend")
                        + "," + i.get("weekly") + "," + (i.get("yearly") == null ? "" : i.get("yearly")) + ","
                        + (i.get("holidays") == null ? "" : i.get("holidays")));
            }
            cursor = r.jsonPath().getString("next");
        } while (cursor != null);
        return rows;
    }

    @Test
    void servesTheNewestSuccessfulRunUnlessARunIsNamed() {
        assertEquals(expected(2), all("?store="));
        assertEquals(expected(1), all("?runId=1"));
    }

    @Test
    void filtersAndCarriesComponents() {
        get("?store=S2&product=P1&from=2025-03-02&to=2025-03-03")
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body("next", nullValue())
                .body("items[0].date", equalTo("2025-03-02"))
                .body("items[0].trend", equalTo((float) (yhat(2, "S2", "P1", 1) - 0.5)))
                .body("items[0].weekly", equalTo(0.5f))
                .body("items[0].yearly", nullValue())
                .body("items[0]", not(hasKey("components")));
        get("?store=S2&product=P1&from=2025-03-02&to=2025-03-02&components=true")
                .then()
                .statusCode(200)
                .body("items[0].components.promo", equalTo(1))
                .body("items[0].components.weekly", equalTo(0.5f))
                .body("items[0].components.trend", equalTo((float) (yhat(2, "S2", "P1", 1) - 0.5)));
    }

    @Test
    void sortsByForecastValueAndKeepsTheRunAcrossPages() {
        List<String> byYhatDesc = expected(1).stream()
                .sorted(Comparator.comparing((String r) -> Double.parseDouble(r.split(",")[3]))
                        .reversed())
                .toList();
        assertEquals(byYhatDesc, all("?runId=1&sort=-yhat"));
        assertEquals(
                expected(2).stream()
                        .sorted(Comparator.comparing((String r) -> r.split(",")[1])
                                .thenComparing(r -> r.split(",")[2])
                                .thenComparing(r -> r.split(",")[0]))
                        .toList(),
                all("?sort=store,product"));
    }

    @Test
    void answersCsvWhenAskedFor() {
        String csv = given().auth()
                .oauth2("test-key")
                .accept("text/csv")
                .when()
                .get("/api/v1/forecasts?store=S1&product=P2&to=2025-03-02")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        // The CSV rows end with the model (null in these rows: an empty field).
        assertEquals(
                ForecastItem.CSV_HEADER + "\n" + expected(2).get(1) + ",\n"
                        + expected(2).get(4) + ",\n",
                csv);
        String all = given().auth()
                .oauth2("test-key")
                .accept("text/csv")
                .when()
                .get("/api/v1/forecasts?runId=1")
                .then()
                .statusCode(200)
                .header("Transfer-Encoding", "chunked")
                .extract()
                .asString();
        assertEquals(ForecastItem.CSV_HEADER + "\n" + String.join(",\n", expected(1)) + ",\n", all);
    }

    @Test
    void refusesUnknownUnfinishedOrInvalidRuns() {
        get("?runId=99")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("forecast run 99 does not exist"));
        get("?runId=3").then().statusCode(409).body("detail", equalTo("forecast run 3 is RUNNING, not SUCCEEDED"));
        get("?runId=0").then().statusCode(400);
        get("?runId=abc").then().statusCode(400).body("detail", equalTo("runId 'abc' is not a whole number"));
        get("?components=maybe").then().statusCode(400);
        given().auth()
                .oauth2("test-key")
                .accept("text/csv")
                .when()
                .get("/api/v1/forecasts?runId=99")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        get("?from=2025-03-05&to=2025-03-01").then().statusCode(400);
    }
}
