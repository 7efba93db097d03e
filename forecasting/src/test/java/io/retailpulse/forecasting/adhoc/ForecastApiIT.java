package io.retailpulse.forecasting.adhoc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
        return given().auth()
                .oauth2("test-key")
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/forecast")
                .then()
                .statusCode(status)
                .extract()
                .jsonPath();
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
            boolean weekend =
                    LocalDate.parse((String) r.get("ds")).getDayOfWeek().getValue() >= 6;
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
        expectBad(
                Map.of("series", daily(4), "model", "ensemble"),
                "ensemble: series too short for ETS: 4 values; auto, theta and snaive forecast series this short");
        expectBad(Map.of("series", daily(20), "growth", "logistic"), "cap");
        expectBad(
                Map.of("series", List.of(point("yesterday", 1), point("2017-01-02", 2), point("2017-01-03", 3))),
                "not an ISO date");
    }

    /** A value near the top of the double range: each family either forecasts in numbers or says it overflowed. */
    @Test
    void aSeriesThatOverflowsTheArithmeticIsRefusedNeverAnsweredWithNaNOrInfinity() {
        List<Map<String, Object>> huge = daily(20);
        huge.set(7, point("2017-01-08", 1e160));
        // the seasonal naive interval's variance is a sum of squares: Infinity before the guard
        expectBad(
                Map.of("series", huge, "model", "snaive"),
                "the arithmetic overflowed, the series' values reach 1.00e+160");
        for (String model : List.of("auto", "prophet", "theta", "ets", "ensemble")) {
            String body = given().auth()
                    .oauth2("test-key")
                    .contentType(ContentType.JSON)
                    .body(Map.of("series", huge, "model", model))
                    .when()
                    .post("/api/v1/forecast")
                    .then()
                    .extract()
                    .asString();
            assertFalse(body.contains("NaN") || body.contains("Infinity"), model + ": " + body);
        }
    }

    /** The guard above must not turn ordinary short series into refusals: every family answers them in numbers. */
    @Test
    void shortOrdinarySeriesAreForecastInNumbersByEveryFamilyThatTakesThem() {
        for (int n = 3; n <= 10; n++) {
            for (String model : List.of("auto", "prophet", "theta", "snaive", "ets", "ensemble")) {
                var answer = given().auth()
                        .oauth2("test-key")
                        .contentType(ContentType.JSON)
                        .body(Map.of("series", daily(n), "model", model, "horizon", 5))
                        .when()
                        .post("/api/v1/forecast")
                        .then()
                        .extract();
                String body = answer.asString();
                String what = model + " on " + n + " values: " + body;
                if (answer.statusCode() == 400 && (model.equals("ets") || model.equals("ensemble"))) {
                    assertTrue(body.contains("too short for ETS"), what);
                } else {
                    assertEquals(200, answer.statusCode(), what);
                    assertFalse(body.contains("NaN") || body.contains("Infinity"), what);
                }
            }
        }
    }

    private static void expectBad(Map<String, Object> body, String reason) {
        given().auth()
                .oauth2("test-key")
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/forecast")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString(reason));
    }

    @Test
    void needsTheApiKey() {
        given().contentType(ContentType.JSON)
                .body(Map.of("series", daily(20)))
                .when()
                .post("/api/v1/forecast")
                .then()
                .statusCode(401);
    }

    @Test
    void autoModelAnswersWhatItUsedAndEveryCandidatesBacktestError() {
        List<Map<String, Object>> series = daily(120);
        series.remove(40); // a missing day inside the history is interpolated for the statistical families
        JsonPath f = post(Map.of("series", series, "horizon", 14, "model", "auto"), 200);
        assertEquals("auto", f.getString("model"));
        assertTrue(f.getString("used").length() > 0);
        Map<String, Object> cv = f.getMap("candidates");
        assertTrue(
                cv.keySet().containsAll(List.of("naive", "snaive", "ets", "theta", "ensemble", "combination")),
                cv.toString());
        List<Map<String, Object>> rows = f.getList("forecast");
        assertEquals(14, rows.size());
        assertEquals("2017-05-01", rows.get(0).get("ds"));
        for (Map<String, Object> r : rows) {
            double yhat = ((Number) r.get("yhat")).doubleValue();
            boolean weekend =
                    LocalDate.parse((String) r.get("ds")).getDayOfWeek().getValue() >= 6;
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
        assertEquals(
                List.of("2017-01-31", "2017-02-28", "2017-03-31"),
                rows.stream().map(r -> r.get("ds")).toList());
        for (int k = 0; k < 3; k++) {
            double expected = 100 + 2.0 * (60 + k) + 20 * Math.sin(2 * Math.PI * k / 12);
            assertEquals(expected, ((Number) rows.get(k).get("yhat")).doubleValue(), 8.0, "month " + (k + 1));
        }
        List<Map<String, Object>> prophet = post(Map.of("series", series, "horizon", 2, "model", "prophet"), 200)
                .getList("forecast");
        assertEquals(
                List.of("2017-01-31", "2017-02-28"),
                prophet.stream().map(r -> r.get("ds")).toList());
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
        assertEquals(
                List.of("2018-01-01", "2018-04-01", "2018-07-01", "2018-10-01"),
                rows.stream().map(r -> r.get("ds")).toList());
        for (int k = 0; k < 4; k++) {
            double expected = 200 + 3.0 * (32 + k) + season[k];
            assertEquals(expected, ((Number) rows.get(k).get("yhat")).doubleValue(), 6.0, "quarter " + (k + 1));
        }
        JsonPath auto = post(Map.of("series", series, "horizon", 4), 200);
        assertEquals(4, auto.getList("forecast").size());
        assertTrue(
                auto.getMap("candidates").containsKey("snaive"),
                auto.getMap("candidates").toString());
    }

    @Test
    void anUnknownModelOrAProphetOptionWithAnotherModelIsRefusedWithTheReason() {
        given().auth()
                .oauth2("test-key")
                .contentType(ContentType.JSON)
                .body(Map.of("series", daily(30), "model", "arima"))
                .when()
                .post("/api/v1/forecast")
                .then()
                .statusCode(400)
                .body("detail", containsString("model must be one of"));
        given().auth()
                .oauth2("test-key")
                .contentType(ContentType.JSON)
                .body(Map.of("series", daily(30), "model", "ets", "growth", "flat"))
                .when()
                .post("/api/v1/forecast")
                .then()
                .statusCode(400)
                .body("detail", containsString("growth apply to model prophet only"));
    }
    /** Sales with a weekly cycle that dip 8 units per unit of a signal 3 days earlier; the signal has bursts. */
    private static double[][] plantedEffect(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            boolean planted = t == n - 4 || t == n - 16 || t == n - 25; // in the backtests' and the forecast's days
            boolean random = r.nextDouble() < 0.07 && t < n - 7;
            if ((planted || random) && x[t] == 0) {
                for (int d = 0; d < 3 && t + d < n; d++) {
                    x[t + d] = 2 + 3 * r.nextDouble();
                }
            }
        }
        x[n - 1] = 0; // the last burst (n-4 .. n-2) is over at the end of the history
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = 100 + 10 * Math.sin(2 * Math.PI * t / 7) - 8 * (t >= 3 ? x[t - 3] : 0) + 1.5 * r.nextGaussian();
        }
        return new double[][] {x, y};
    }

    private static List<Map<String, Object>> series(double[] y) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            out.add(point(LocalDate.of(2023, 1, 1).plusDays(i).toString(), y[i]));
        }
        return out;
    }

    private static List<Double> list(double[] v) {
        List<Double> out = new ArrayList<>();
        for (double d : v) {
            out.add(d);
        }
        return out;
    }

    @Test
    void autoUsesALeadingSignalThatHelpsAndReportsItsBacktestWithAndWithout() {
        double[][] xy = plantedEffect(150, 11);
        Map<String, Object> regressor = new LinkedHashMap<>();
        regressor.put("name", "negative_posts");
        regressor.put("values", list(xy[0])); // history only: the future is unknown ...
        regressor.put("lag", 3); // ... but the sales react 3 days later, so 3 future days are known
        JsonPath f = post(
                Map.of("series", series(xy[1]), "horizon", 8, "model", "auto", "regressors", List.of(regressor)), 200);
        Map<String, Object> answer = f.getMap("regressors[0]");
        assertEquals("negative_posts", answer.get("name"));
        assertEquals("inline", answer.get("source"));
        assertEquals(3, answer.get("lag"));
        assertEquals("forecast", answer.get("future"), "5 of 8 steps are forecast (the default fill)");
        assertEquals(3, answer.get("knownSteps"));
        double with = ((Number) answer.get("backtestWith")).doubleValue();
        double without = ((Number) answer.get("backtestWithout")).doubleValue();
        assertTrue(with < 0.8 * without, with + " vs " + without);
        assertEquals(true, answer.get("helps"));
        assertEquals(true, answer.get("used"));
        assertEquals(-8, ((Number) answer.get("coefficient")).doubleValue(), 1.5);
        // the burst of days n-4 .. n-2 (2-5 units) lowers day n, a week before the same weekday without it
        List<Map<String, Object>> rows = f.getList("forecast");
        double dip = ((Number) rows.get(0).get("yhat")).doubleValue();
        double weekLater = ((Number) rows.get(7).get("yhat")).doubleValue();
        assertTrue(weekLater - dip > 10, dip + " vs " + weekLater);
    }

    @Test
    void prophetTakesLaggedRegressorsAndReportsTheirBacktestToo() {
        double[][] xy = plantedEffect(120, 12);
        Map<String, Object> regressor = new LinkedHashMap<>();
        regressor.put("name", "negative_posts");
        regressor.put("values", list(xy[0]));
        regressor.put("lag", 3);
        regressor.put("future", "hold");
        JsonPath f = post(Map.of("series", series(xy[1]), "horizon", 7, "regressors", List.of(regressor)), 200);
        assertEquals("prophet", f.getString("model"), "regressors without a model keep the Prophet-like default");
        assertEquals("hold", f.getString("regressors[0].future"));
        assertTrue(f.getList("forecast", Map.class).get(0).containsKey("negative_posts"), "its component");
        assertTrue(f.getDouble("regressors[0].backtestWith") < f.getDouble("regressors[0].backtestWithout"));
    }

    @Test
    void readsSignalsAndSentimentByReferenceFromThePublishedViews() throws Exception {
        double[][] xy = plantedEffect(150, 13);
        try (java.sql.Connection c = io.retailpulse.stack.testing.MariaDbTestResource.connection();
                java.sql.Statement st = c.createStatement()) {
            // Stand-ins for the views ingest and inference publish (their migrations create them in the shared
            // schema; this service's tests run on forecasting's migrations only): the same names and columns.
            st.execute("CREATE TABLE IF NOT EXISTS signal_daily (name VARCHAR(128) NOT NULL, ds DATE NOT NULL, "
                    + "value DOUBLE NOT NULL, source VARCHAR(64) NOT NULL, version DATETIME(6) NOT NULL, "
                    + "PRIMARY KEY (name, ds))");
            st.execute("CREATE OR REPLACE VIEW api_signal_daily AS SELECT s.name AS name, s.ds AS date, "
                    + "s.value AS value, s.source AS source, s.version AS updated_at FROM signal_daily s");
            st.execute("CREATE TABLE IF NOT EXISTS text_sentiment (event_id VARCHAR(64) PRIMARY KEY, day DATE, "
                    + "product_id VARCHAR(64), store_id VARCHAR(64), label VARCHAR(16), sentiment DOUBLE)");
            st.execute("CREATE OR REPLACE VIEW api_text_sentiment AS SELECT event_id, day, product_id, store_id, "
                    + "label, sentiment FROM text_sentiment");
            st.execute("CREATE TABLE IF NOT EXISTS topic_alert (alert_id BIGINT PRIMARY KEY, event_id VARCHAR(64), "
                    + "topic_label VARCHAR(255))");
            st.execute("CREATE OR REPLACE VIEW api_topic_alert AS SELECT alert_id, event_id, topic_label "
                    + "FROM topic_alert");
            try (var ps = c.prepareStatement(
                            "REPLACE INTO signal_daily VALUES ('it-promo-index', ?, ?, 'test', NOW())");
                    var posts = c.prepareStatement(
                            "REPLACE INTO text_sentiment VALUES (?, ?, 'it-sku', 'it-store', ?, ?)")) {
                for (int t = 0; t < 150; t++) {
                    LocalDate day = LocalDate.of(2023, 1, 1).plusDays(t);
                    ps.setObject(1, day);
                    ps.setDouble(2, xy[0][t]);
                    ps.addBatch();
                    // 10 posts a day; the signal's value (0..5) is how many of them are negative
                    int negative = (int) Math.round(xy[0][t]);
                    for (int p = 0; p < 10; p++) {
                        posts.setString(1, "it-" + t + "-" + p);
                        posts.setObject(2, day);
                        posts.setString(3, p < negative ? "negative" : "positive");
                        posts.setDouble(4, p < negative ? -0.9 : 0.8);
                        posts.addBatch();
                    }
                }
                ps.executeBatch();
                posts.executeBatch();
            }
        }
        List<Map<String, Object>> series = series(xy[1]);
        JsonPath signal = post(
                Map.of(
                        "series",
                        series,
                        "horizon",
                        7,
                        "model",
                        "auto",
                        "regressors",
                        List.of(Map.of("name", "it-promo-index", "source", "signal", "lag", 3))),
                200);
        assertEquals("signal", signal.getString("regressors[0].source"));
        assertTrue(signal.getDouble("regressors[0].backtestWith") < signal.getDouble("regressors[0].backtestWithout"));
        JsonPath share = post(
                Map.of(
                        "series",
                        series,
                        "horizon",
                        7,
                        "model",
                        "auto",
                        "regressors",
                        List.of(Map.of("name", "neg", "source", "negative_share", "product", "it-sku", "lag", 3))),
                200);
        assertEquals(true, share.getBoolean("regressors[0].helps"));
        expectBad(
                Map.of(
                        "series",
                        series,
                        "model",
                        "auto",
                        "regressors",
                        List.of(Map.of("name", "no-such-signal", "source", "signal"))),
                "no external series named");
        expectBad(
                Map.of(
                        "series",
                        series,
                        "model",
                        "auto",
                        "regressors",
                        List.of(Map.of("name", "neg", "source", "sentiment"))),
                "needs product and/or store");
        expectBad(
                Map.of(
                        "series",
                        series,
                        "model",
                        "auto",
                        "regressors",
                        List.of(Map.of("name", "neg", "source", "sentiment", "product", "no-posts-sku"))),
                "at least 2 are needed");
    }

    @Test
    void refusesBadRegressorsWithTheReason() {
        List<Map<String, Object>> series = daily(30);
        expectBad(
                Map.of(
                        "series",
                        series,
                        "model",
                        "auto",
                        "regressors",
                        List.of(Map.of("name", "x", "values", List.of(1.0, 2.0), "lag", 2))),
                "needs one value per series point");
        expectBad(
                Map.of(
                        "series",
                        series,
                        "model",
                        "auto",
                        "regressors",
                        List.of(Map.of("name", "x", "values", java.util.Collections.nCopies(30, "high")))),
                "high");
        expectBad(
                Map.of(
                        "series",
                        series,
                        "model",
                        "auto",
                        "regressors",
                        List.of(Map.of("name", "x", "source", "weather"))),
                "not one of inline, signal");
        expectBad(
                Map.of(
                        "series",
                        series,
                        "model",
                        "auto",
                        "regressors",
                        List.of(Map.of("name", "x", "values", list(new double[30]), "future", "guess"))),
                "future must be forecast or hold");
        expectBad(
                Map.of(
                        "series",
                        series,
                        "model",
                        "auto",
                        "regressors",
                        List.of(Map.of("name", "x", "values", list(new double[30]), "lag", -1))),
                "lag must be between");
    }
}
