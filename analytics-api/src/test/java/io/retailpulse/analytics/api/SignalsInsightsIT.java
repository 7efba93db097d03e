package io.retailpulse.analytics.api;

import static io.retailpulse.analytics.api.Api.all;
import static io.retailpulse.analytics.api.Api.csvBody;
import static io.retailpulse.analytics.api.Api.json;
import static io.retailpulse.analytics.api.Api.parseCsv;
import static io.retailpulse.analytics.api.Api.text;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signals (ingest's {@code signal_daily} through {@code api_signal_daily}) and the sentiment-sales correlation
 * (inference's {@code text_sentiment} and forecasting's {@code daily_sales} through their api_* views), against a
 * real MariaDB built by the three owners' migrations. The correlation data plants a known effect: the product's
 * daily sales follow its daily sentiment four days later, with a burst of negative posts and the dip after it.
 */
@QuarkusTest
@QuarkusTestResource(value = OwnerSchemas.class, restrictToAnnotatedClass = true)
class SignalsInsightsIT {
    private static final LocalDate START = LocalDate.of(2025, 3, 1);
    private static final int DAYS = 90;
    private static final int PLANTED_LAG = 4;
    /** name|date|value of every stored signal, in the default order (name, date). */
    private static final List<String> SIGNALS = new ArrayList<>();

    @BeforeAll
    static void fill() throws Exception {
        try (Connection c = MariaDbTestResource.connection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO signal_daily (name, ds, value, source, version) " + "VALUES (?, ?, ?, 'api', ?)")) {
                String[] names = {"cpi", "search.oat-milk", "weather,lyon"};
                int[] lengths = {30, 20, 12};
                for (int n = 0; n < names.length; n++) {
                    for (int d = 0; d < lengths[n]; d++) {
                        double value = 100 + n * 7.25 + d * 0.5 - (d % 3) * 1.125;
                        ps.setString(1, names[n]);
                        ps.setObject(2, START.plusDays(d * (n + 1L)));
                        ps.setDouble(3, value);
                        ps.setObject(4, LocalDateTime.of(2025, 6, 1, 0, 0));
                        ps.addBatch();
                        SIGNALS.add(names[n] + "|" + START.plusDays(d * (n + 1L)) + "|" + value);
                    }
                }
                ps.executeBatch();
            }
            plant(c);
        }
    }

    /**
     * Product P-PLANT: 90 days of 4 scored texts each (store S1 or none), a burst of negative ones on days 40..42,
     * and sales at S1 and S2 that move with the sentiment of 4 days before. P-QUIET: sales, but no texts.
     */
    private static void plant(Connection c) throws Exception {
        SplittableRandom r = new SplittableRandom(19);
        double[] mood = new double[DAYS];
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO text_sentiment (event_id, ts, day, source, user_id, "
                        + "product_id, store_id, text, label, score, p_negative, p_neutral, p_positive, sentiment, model, "
                        + "model_version, scored_at) VALUES (?, ?, ?, 'social', 'u', 'P-PLANT', ?, 'about it', ?, 0.9, ?, ?, ?, ?, "
                        + "'pulse-text', '1', ?)")) {
            for (int d = 0; d < DAYS; d++) {
                boolean burst = d >= 40 && d <= 42;
                double sum = 0;
                for (int i = 0; i < 4; i++) {
                    double s = burst ? -0.7 - 0.25 * r.nextDouble() : -0.3 + 1.2 * r.nextDouble();
                    sum += s;
                    LocalDateTime ts = START.plusDays(d).atTime(9 + i, 0);
                    ps.setString(1, "e-" + d + "-" + i);
                    ps.setObject(2, ts);
                    ps.setObject(3, START.plusDays(d));
                    ps.setString(4, i % 2 == 0 ? "S1" : null);
                    ps.setString(5, s < -0.3 ? "negative" : s > 0.3 ? "positive" : "neutral");
                    ps.setDouble(6, Math.max(0, -s));
                    ps.setDouble(7, 1 - Math.abs(s));
                    ps.setDouble(8, Math.max(0, s));
                    ps.setDouble(9, s);
                    ps.setObject(10, ts.plusSeconds(2));
                    ps.addBatch();
                }
                mood[d] = sum / 4;
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO daily_sales (store_id, product_id, sale_date, units, "
                        + "revenue, transactions) VALUES (?, ?, ?, ?, 0, 1)")) {
            for (int d = 0; d < DAYS; d++) {
                LocalDate day = START.plusDays(d);
                double weekly = day.getDayOfWeek().getValue() >= 6 ? 1.3 : 1.0;
                double factor = d >= PLANTED_LAG ? 1 + 0.8 * (mood[d - PLANTED_LAG] - 0.3) : 1;
                for (String store : new String[] {"S1", "S2"}) {
                    long units = Math.max(0, Math.round(30 * weekly * factor + 3 * (r.nextDouble() - 0.5)));
                    ps.setString(1, store);
                    ps.setString(2, "P-PLANT");
                    ps.setObject(3, day);
                    ps.setLong(4, units);
                    ps.addBatch();
                }
                ps.setString(1, "S1");
                ps.setString(2, "P-QUIET");
                ps.setObject(3, day);
                ps.setLong(4, 10 + d % 7);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String signal(JsonNode i) {
        return text(i.get("name")) + "|" + text(i.get("date")) + "|"
                + i.get("value").asDouble();
    }

    @Test
    void signalsPageThroughEverySeriesDayInNameAndDateOrder() {
        assertEquals(SIGNALS, all("/api/v1/signals", 7, SignalsInsightsIT::signal));
        JsonNode first = json("/api/v1/signals?limit=1").get("items").get(0);
        assertEquals(List.of("date", "name", "value"), fieldNames(first), "fields fixed by INTERFACES.md");
    }

    @Test
    void signalsFilterByNameAndDaysAndSortByValue() {
        List<String> cpi = SIGNALS.stream()
                .filter(s -> s.startsWith("cpi|"))
                .filter(s -> s.split("\\|")[1].compareTo("2025-03-05") >= 0
                        && s.split("\\|")[1].compareTo("2025-03-20") <= 0)
                .toList();
        assertEquals(16, cpi.size());
        assertEquals(cpi, all("/api/v1/signals?name=cpi&from=2025-03-05&to=2025-03-20", 5, SignalsInsightsIT::signal));
        List<String> byValue = new ArrayList<>(SIGNALS);
        byValue.sort(Comparator.comparingDouble((String s) -> Double.parseDouble(s.split("\\|")[2]))
                .reversed()
                .thenComparing(s -> s.split("\\|")[0])
                .thenComparing(s -> s.split("\\|")[1]));
        assertEquals(byValue, all("/api/v1/signals?sort=-value", 9, SignalsInsightsIT::signal));
        assertEquals(List.of(), all("/api/v1/signals?name=unknown", 10, SignalsInsightsIT::signal));
    }

    @Test
    void signalsAsCsvAreTheSameRowsQuoted() {
        List<List<String>> csv = parseCsv(csvBody("/api/v1/signals"));
        assertEquals(List.of("name", "date", "value"), csv.get(0));
        List<String> rows = csv.subList(1, csv.size()).stream()
                .map(r -> r.get(0) + "|" + r.get(1) + "|" + Double.parseDouble(r.get(2)))
                .toList();
        assertEquals(SIGNALS, rows);
        assertTrue(csvBody("/api/v1/signals?name=weather,lyon&limit=1").contains("\"weather,lyon\",2025-03-01,"));
    }

    @Test
    void seriesListsEachNameWithItsFirstAndLastDay() {
        assertEquals(
                List.of(
                        "cpi|2025-03-01|2025-03-30|30",
                        "search.oat-milk|2025-03-01|2025-04-08|20",
                        "weather,lyon|2025-03-01|2025-04-03|12"),
                all(
                        "/api/v1/signals/series",
                        2,
                        i -> text(i.get("name")) + "|" + text(i.get("first")) + "|" + text(i.get("last")) + "|"
                                + text(i.get("days"))));
    }

    @Test
    void badSignalQueriesAreProblems() {
        Api.get("/api/v1/signals?from=2025-13-01")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("from '2025-13-01' is not an ISO date"));
        Api.get("/api/v1/signals?from=2025-04-01&to=2025-03-01")
                .then()
                .statusCode(400)
                .body("detail", containsString("after"));
        Api.get("/api/v1/signals?sort=colour")
                .then()
                .statusCode(400)
                .body("detail", containsString("name, date, value"));
        Api.get("/api/v1/signals?name=" + "x".repeat(129)).then().statusCode(400);
    }

    @Test
    void theCorrelationFindsThePlantedLag() {
        JsonNode answer = json("/api/v1/insights/sentiment-sales?product=P-PLANT");
        JsonNode lags = answer.get("lags");
        assertEquals(29, lags.size());
        for (int i = 0; i < 29; i++) {
            assertEquals(i - 14, lags.get(i).get("lag").asInt());
        }
        JsonNode best = answer.get("best");
        assertEquals(PLANTED_LAG, best.get("lag").asInt(), answer.toString());
        assertTrue(best.get("correlation").asDouble() > 0.6, best.toString());
        assertTrue(
                best.get("pValue").asDouble() < 1e-4 && best.get("significant").asBoolean(), best.toString());
        assertEquals(DAYS - PLANTED_LAG, best.get("days").asInt());
        assertEquals(DAYS, lags.get(14).get("days").asInt(), "lag 0 pairs every day");
        assertEquals(DAYS, answer.get("sentimentDays").asInt());
        assertEquals(DAYS, answer.get("salesDays").asInt());
        assertTrue(answer.get("test").asText().startsWith("Bartlett"));
        JsonNode reverse = lags.get(14 - PLANTED_LAG);
        assertTrue(Math.abs(reverse.get("correlation").asDouble()) < 0.35, "sales do not lead sentiment: " + reverse);
    }

    @Test
    void theCorrelationPerStoreAndWithinDatesUsesThatStoreAndThoseDays() {
        JsonNode s1 = json("/api/v1/insights/sentiment-sales?product=P-PLANT&store=S1");
        assertEquals(PLANTED_LAG, s1.get("best").get("lag").asInt(), s1.toString());
        assertEquals("S1", s1.get("store").asText());
        JsonNode window = json("/api/v1/insights/sentiment-sales?product=P-PLANT&from=2025-03-21&to=2025-05-29");
        assertEquals(70, window.get("lags").get(14).get("days").asInt());
        assertEquals(PLANTED_LAG, window.get("best").get("lag").asInt(), window.toString());
    }

    @Test
    void unknownProductsAndTooLittleDataAreClearProblems() {
        Api.get("/api/v1/insights/sentiment-sales?product=NOPE")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("product NOPE"));
        Api.get("/api/v1/insights/sentiment-sales?product=P-PLANT&store=S9")
                .then()
                .statusCode(404)
                .body("detail", containsString("at store S9"));
        Api.get("/api/v1/insights/sentiment-sales?product=P-QUIET")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("0 days with sentiment"));
        Api.get("/api/v1/insights/sentiment-sales?product=P-PLANT&from=2025-03-01&to=2025-03-15")
                .then()
                .statusCode(422)
                .body("detail", containsString("at least 20 paired days"));
        Api.get("/api/v1/insights/sentiment-sales")
                .then()
                .statusCode(400)
                .body("detail", containsString("product is required"));
        Api.get("/api/v1/insights/sentiment-sales?product=P-PLANT&from=2025-05-01&to=2025-04-01")
                .then()
                .statusCode(400);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }
}
