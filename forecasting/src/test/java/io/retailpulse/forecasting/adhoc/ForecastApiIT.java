package io.retailpulse.forecasting.adhoc;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /api/v1/forecast}: spacing inferred (hourly to quarterly here), auto by default, Prophet's components
 * when asked for, bad series refused with the reason.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class ForecastApiIT {

    private static List<Map<String, Object>> daily(int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LocalDate d = LocalDate.of(2017, 1, 1).plusDays(i);
            out.add(point(d.toString(), 10 + 0.1 * i + (d.getDayOfWeek().getValue() >= 6 ? 5 : 0)));
        }
        return out;
    }

    private static Map<String, Object> point(String ds, Object y) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ds", ds);
        p.put("y", y);
        return p;
    }

    private static JsonPath post(Map<String, Object> body, int status) {
        return given().auth().oauth2("test-key").contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/forecast").then().statusCode(status).extract().jsonPath();
    }

    @Test
    void forecastsADailySeriesWithIntervalsAndComponents() {
        JsonPath f = post(Map.of("series", daily(120), "horizon", 14, "intervalWidth", 0.9, "model", "prophet"), 200);
        List<Map<String, Object>> rows = f.getList("forecast");
        assertEquals(14, rows.size());
        assertEquals("2017-05-01", rows.get(0).get("ds"));
        for (Map<String, Object> r : rows) {
            double yhat = ((Number) r.get("yhat")).doubleValue();
            assertTrue(((Number) r.get("yhat_lower")).doubleValue() < yhat);
            assertTrue(((Number) r.get("yhat_upper")).doubleValue() > yhat);
            assertTrue(r.containsKey("trend") && r.containsKey("weekly"));
            boolean weekend = LocalDate.parse((String) r.get("ds")).getDayOfWeek().getValue() >= 6;
            double expected = 10 + 0.1 * (120 + rows.indexOf(r)) + (weekend ? 5 : 0);
            assertEquals(expected, yhat, 1.0, (String) r.get("ds"));
        }
    }

    @Test
    void infersHourlySpacingAndAddsADailySeasonality() {
        List<Map<String, Object>> series = new ArrayList<>();
        LocalDateTime start = LocalDateTime.of(2024, 3, 1, 0, 0);
        for (int i = 0; i < 24 * 10; i++) {
            series.add(point(start.plusHours(i).toString(), 50 + 10 * Math.sin(2 * Math.PI * i / 24.0)));
        }
        List<Map<String, Object>> rows = post(Map.of("series", series, "horizon", 6, "model", "prophet"), 200)
                .getList("forecast");
        assertEquals(6, rows.size());
        assertEquals("2024-03-11T00:00", rows.get(0).get("ds"));
        assertTrue(rows.get(0).containsKey("daily"));
    }

    @Test
    void acceptsWeeklySeriesWithOptionsAndRegressors() {
        List<Map<String, Object>> series = new ArrayList<>();
        List<Double> promo = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            boolean on = i % 5 == 0;
            series.add(point(LocalDate.of(2020, 1, 6).plusWeeks(i).toString(), 100 + (on ? 30 : 0) + i));
            promo.add(on ? 1.0 : 0.0);
        }
        for (int i = 0; i < 4; i++) {
            promo.add(i == 1 ? 1.0 : 0.0);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("series", series);
        body.put("horizon", 4);
        body.put("model", "prophet");
        body.put("growth", "linear");
        body.put("seasonalityMode", "additive");
        body.put("regressors", List.of(Map.of("name", "promo", "values", promo)));
        body.put("holidays", List.of(Map.of("holiday", "launch", "ds", "2020-03-02", "upperWindow", 1)));
        List<Map<String, Object>> rows = post(body, 200).getList("forecast");
        assertEquals(4, rows.size());
        double withPromo = ((Number) rows.get(1).get("promo")).doubleValue();
        assertEquals(30, withPromo, 5, "the promotion effect");
        assertFalse(rows.get(0).containsKey("weekly"), "weekly data has no weekly seasonality");
    }

    @Test
    void refusesBadSeriesWithTheReason() {
        expectBad(Map.of("series", daily(2)), "at least 3");
        List<Map<String, Object>> nonNumeric = daily(20);
        nonNumeric.set(4, point("2017-01-05", "many"));
        expectBad(Map.of("series", nonNumeric), "series[4].y is not a number");
        List<Map<String, Object>> duplicate = daily(20);
        duplicate.set(5, point("2017-01-05", 3));
        expectBad(Map.of("series", duplicate), "duplicate ds");
        List<Map<String, Object>> irregular = daily(20);
        irregular.set(19, point("2017-01-25T12:00:00", 3));
        expectBad(Map.of("series", irregular), "irregular spacing");
        List<Map<String, Object>> monthly = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            monthly.add(point(LocalDate.of(2017, 1, 1).plusDays(3L * i).toString(), i));
        }
        expectBad(Map.of("series", monthly), "only hourly");
        expectBad(Map.of("series", daily(20), "horizon", 0), "horizon");
        expectBad(Map.of("series", daily(20), "growth", "logistic"), "cap");
        expectBad(Map.of("series", List.of(point("yesterday", 1), point("2017-01-02", 2), point("2017-01-03", 3))),
                "not an ISO date");
    }

    private static void expectBad(Map<String, Object> body, String reason) {
        given().auth().oauth2("test-key").contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/forecast").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString(reason));
    }

    @Test
    void needsTheApiKey() {
        given().contentType(ContentType.JSON).body(Map.of("series", daily(20)))
                .when().post("/api/v1/forecast").then().statusCode(401);
    }

    @Test
    void autoModelAnswersWhatItUsedAndEveryCandidatesBacktestError() {
        List<Map<String, Object>> series = daily(120);
        series.remove(40); // a missing day inside the history is interpolated for the statistical families
        JsonPath f = post(Map.of("series", series, "horizon", 14, "model", "auto"), 200);
        assertEquals("auto", f.getString("model"));
        assertTrue(f.getString("used").length() > 0);
        Map<String, Object> cv = f.getMap("candidates");
        assertTrue(cv.keySet().containsAll(List.of("naive", "snaive", "ets", "theta", "ensemble", "combination")),
                cv.toString());
        List<Map<String, Object>> rows = f.getList("forecast");
        assertEquals(14, rows.size());
        assertEquals("2017-05-01", rows.get(0).get("ds"));
        for (Map<String, Object> r : rows) {
            double yhat = ((Number) r.get("yhat")).doubleValue();
            boolean weekend = LocalDate.parse((String) r.get("ds")).getDayOfWeek().getValue() >= 6;
            assertEquals(10 + 0.1 * (120 + rows.indexOf(r)) + (weekend ? 5 : 0), yhat, 1.5, (String) r.get("ds"));
            assertTrue(((Number) r.get("yhat_lower")).doubleValue() <= yhat);
            assertTrue(((Number) r.get("yhat_upper")).doubleValue() >= yhat);
        }
    }

    @Test
    void everyFamilyCanBeRequestedAndAutoIsTheDefault() {
        for (String model : List.of("ets", "theta", "snaive", "ensemble", "prophet")) {
            JsonPath f = post(Map.of("series", daily(60), "horizon", 7, "model", model), 200);
            assertEquals(model, f.getString("model"));
            assertEquals(7, f.getList("forecast").size());
        }
        // INTERFACES.md: model defaults to auto (it was prophet before the engine of issue 17).
        JsonPath d = post(Map.of("series", daily(60), "horizon", 7), 200);
        assertEquals("auto", d.getString("model"));
        assertEquals(7, d.getList("forecast").size());
        // Prophet's trend and components, asked for by name.
        JsonPath p = post(Map.of("series", daily(60), "horizon", 7, "model", "prophet"), 200);
        assertEquals("prophet", p.getString("model"));
        assertTrue(((Map<?, ?>) p.getList("forecast").get(0)).containsKey("trend"));
        // Options only Prophet has, without a model: such requests keep being answered, by prophet.
        JsonPath o = post(Map.of("series", daily(60), "horizon", 7, "seasonalityMode", "additive"), 200);
        assertEquals("prophet", o.getString("model"));
    }

    @Test
    void infersMonthlySpacingOnMonthEndsAndForecastsCalendarMonths() {
        List<Map<String, Object>> series = new ArrayList<>();
        LocalDate start = LocalDate.of(2012, 1, 31);
        for (int i = 0; i < 60; i++) {
            LocalDate d = start.plusMonths(i).withDayOfMonth(start.plusMonths(i).lengthOfMonth());
            series.add(point(d.toString(), 100 + 2.0 * i + 20 * Math.sin(2 * Math.PI * (d.getMonthValue() - 1) / 12)));
        }
        JsonPath f = post(Map.of("series", series, "horizon", 3), 200);
        assertEquals("auto", f.getString("model"));
        List<Map<String, Object>> rows = f.getList("forecast");
        assertEquals(List.of("2017-01-31", "2017-02-28", "2017-03-31"), rows.stream().map(r -> r.get("ds")).toList());
        for (int k = 0; k < 3; k++) {
            double expected = 100 + 2.0 * (60 + k) + 20 * Math.sin(2 * Math.PI * k / 12);
            assertEquals(expected, ((Number) rows.get(k).get("yhat")).doubleValue(), 8.0, "month " + (k + 1));
        }
        List<Map<String, Object>> prophet = post(Map.of("series", series, "horizon", 2, "model", "prophet"), 200)
                .getList("forecast");
        assertEquals(List.of("2017-01-31", "2017-02-28"), prophet.stream().map(r -> r.get("ds")).toList());
        assertFalse(prophet.get(0).containsKey("weekly"), "monthly data has no weekly seasonality");
    }

    @Test
    void infersQuarterlySpacingOnQuarterStartsAndForecastsQuarters() {
        List<Map<String, Object>> series = new ArrayList<>();
        double[] season = {-10, 5, 15, -10};
        for (int i = 0; i < 32; i++) {
            LocalDate d = LocalDate.of(2010, 1, 1).plusMonths(3L * i);
            series.add(point(d.toString(), 200 + 3.0 * i + season[i % 4]));
        }
        JsonPath f = post(Map.of("series", series, "horizon", 4, "model", "ets"), 200);
        List<Map<String, Object>> rows = f.getList("forecast");
        assertEquals(List.of("2018-01-01", "2018-04-01", "2018-07-01", "2018-10-01"),
                rows.stream().map(r -> r.get("ds")).toList());
        for (int k = 0; k < 4; k++) {
            double expected = 200 + 3.0 * (32 + k) + season[k];
            assertEquals(expected, ((Number) rows.get(k).get("yhat")).doubleValue(), 6.0, "quarter " + (k + 1));
        }
        JsonPath auto = post(Map.of("series", series, "horizon", 4), 200);
        assertEquals(4, auto.getList("forecast").size());
        assertTrue(auto.getMap("candidates").containsKey("snaive"), auto.getMap("candidates").toString());
    }

    @Test
    void anUnknownModelOrAProphetOptionWithAnotherModelIsRefusedWithTheReason() {
        given().auth().oauth2("test-key").contentType(ContentType.JSON)
                .body(Map.of("series", daily(30), "model", "arima"))
                .when().post("/api/v1/forecast").then().statusCode(400)
                .body("detail", containsString("model must be one of"));
        given().auth().oauth2("test-key").contentType(ContentType.JSON)
                .body(Map.of("series", daily(30), "model", "ets", "growth", "flat"))
                .when().post("/api/v1/forecast").then().statusCode(400)
                .body("detail", containsString("growth apply to model prophet only"));
    }
}
