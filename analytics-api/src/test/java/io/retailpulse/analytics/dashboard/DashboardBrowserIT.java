package io.retailpulse.analytics.dashboard;

import static io.restassured.RestAssured.given;
import static io.retailpulse.analytics.dashboard.DashboardData.HORIZON;
import static io.retailpulse.analytics.dashboard.DashboardData.SALES_DAYS;
import static io.retailpulse.analytics.dashboard.DashboardData.SHOWN_RUN;
import static io.retailpulse.analytics.dashboard.DashboardData.TODAY;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.common.events.AlertEvent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real headless Chromium against this analytics-api, a real MariaDB holding known rows and a
 * real Kafka broker: every chart holds exactly what the tables hold, and an alert published to feedback.alerts
 * shows up in the open page. Screenshot: {@code target/dashboard.png}.
 *
 * <p>Without Chromium the test is skipped, except under CI ({@code CI} set), where it fails.
 */
@QuarkusTest
@QuarkusTestResource(value = DashboardTestResource.class, restrictToAnnotatedClass = true)
class DashboardBrowserIT {
    private static final Logger LOG = Logger.getLogger(DashboardBrowserIT.class);
    private static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URI base;

    static Chromium browser;

    @BeforeAll
    static void fill() throws Exception {
        DashboardData.insert();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    static Path chromium() {
        Optional<Path> binary = Chromium.find();
        if (binary.isEmpty()) {
            String why = "no chromium found (apt-get install -y chromium, or PULSE_CHROMIUM=/path/to/an/executable)";
            String ci = System.getenv("CI");
            if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
                fail("CI is set, so the dashboard browser test must run: " + why);
            }
            Assumptions.abort("Dashboard browser test skipped: " + why + ". Under CI it fails instead.");
        }
        return binary.get();
    }

    @Test
    void pageIsServedWithoutKeyAndAllowsNothingButThisServer() {
        given().when()
                .get("/dashboard")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .body(containsString("/_static/echarts/6.0.0/dist/echarts.min.js"));
        given().when().get("/_static/echarts/6.0.0/dist/echarts.min.js").then().statusCode(200);
        given().when().get("/dashboard/dashboard.js").then().statusCode(200);
    }

    @Test
    void chartsHoldExactlyWhatTheTablesHoldAndALiveAlertAppears() throws Exception {
        Path binary = chromium();
        try (LiveAlerts kafka = new LiveAlerts()) {
            // Before the page opens: probes through the stream prove the consumer reads; the page never sees them.
            kafka.awaitConsumerListening(base, "test-key", Duration.ofSeconds(60));

            browser = Chromium.launch(binary, 1400, 1700, Path.of("target", "chromium.log"));
            browser.navigate(base.resolve("/dashboard#key=test-key").toString());
            browser.await(
                    "document.readyState === 'complete' && document.body.dataset.state",
                    v -> !v.asText().equals("loading") && !v.asText().equals("false"),
                    PAGE_TIMEOUT);
            assertEquals(
                    "ready",
                    browser.evaluate("document.body.dataset.state").asText(),
                    () -> browser.evaluate("document.getElementById('message').textContent")
                                    .asText() + " console: " + browser.console());

            // The key left the address bar for this tab's storage; the first pair is chosen.
            assertEquals(
                    "#store=S1&product=P1", browser.evaluate("location.hash").asText());
            assertEquals(
                    "test-key",
                    browser.evaluate("sessionStorage.getItem('retailpulse.apiKey')")
                            .asText());

            assertForecastChart(chart("chart-forecast"));
            assertComponentsChart(chart("chart-components"));
            assertModelChoice();
            assertSentimentChart(chart("chart-sentiment"));
            assertReasonsChart(chart("chart-reasons"));
            assertSignalsChart(chart("chart-signals"));
            assertCorrelationChart(chart("chart-correlation"));
            assertEquals(List.of("a-3", "a-2", "a-1"), alertIds());

            browser.await("document.body.dataset.live", v -> v.asText().equals("connected"), PAGE_TIMEOUT);
            AlertEvent live = LiveAlerts.alert("live-1", 22, "damaged packaging", "the lid came off in transit");
            kafka.publish(live);
            browser.await(
                    "document.querySelector('#alerts li.live') !== null", JsonNode::asBoolean, Duration.ofSeconds(20));
            assertEquals(List.of("live-1", "a-3", "a-2", "a-1"), alertIds());
            assertEquals(
                    "damaged packaging|the lid came off in transit",
                    browser.evaluate(
                                    "[...document.querySelectorAll('#alerts li.live span')].slice(1, 3).map(s => s.textContent).join('|')")
                            .asText());

            // Nothing came from anywhere but this server, and the page logged no error.
            JsonNode foreign = browser.evaluate("performance.getEntriesByType('resource').map(e => e.name)"
                    + ".filter(n => !n.startsWith(location.origin))");
            assertEquals(0, foreign.size(), foreign::toString);
            List<String> errors = browser.console().stream()
                    .filter(l ->
                            l.startsWith("exception") || l.startsWith("console.error") || l.startsWith("log.error"))
                    .toList();
            assertEquals(List.of(), errors);

            Thread.sleep(800); // the charts' 300 ms entry animation
            browser.screenshot(SCREENSHOT);
            LOG.infof("dashboard screenshot: %s", SCREENSHOT.toAbsolutePath());

            // A wrong key is refused by the API, and the page asks for the key instead of showing charts.
            browser.navigate("about:blank"); // a change of fragment alone would not load the page again
            browser.navigate(base.resolve("/dashboard#key=wrong-key").toString());
            browser.await(
                    "document.readyState === 'complete' && document.body.dataset.state",
                    v -> v.asText().equals("needs-key"),
                    PAGE_TIMEOUT);
            assertTrue(browser.evaluate("document.getElementById('key-reason').textContent")
                    .asText()
                    .startsWith("The API key was refused"));
            assertTrue(browser.evaluate("sessionStorage.getItem('retailpulse.apiKey') === null")
                    .asBoolean());
        }
    }

    private void assertForecastChart(JsonNode option) {
        int pair = 0; // S1 / P1
        LocalDate first = TODAY.minusDays(SALES_DAYS - 1);
        LocalDate last = DashboardData.forecastDay(HORIZON - 1);
        List<String> dates = new ArrayList<>();
        List<Double> actual = new ArrayList<>();
        List<Double> yhat = new ArrayList<>();
        List<Double> lower = new ArrayList<>();
        List<Double> band = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            dates.add(d.toString());
            int ago = (int) (TODAY.toEpochDay() - d.toEpochDay());
            actual.add(ago < 0 ? null : DashboardData.soldOn(ago) ? (double) DashboardData.units(pair, ago) : 0.0);
            int day = -ago - 1;
            boolean forecast = day >= 0;
            yhat.add(forecast ? DashboardData.yhat(SHOWN_RUN, pair, day) : null);
            lower.add(forecast ? DashboardData.lower(SHOWN_RUN, pair, day) : null);
            band.add(
                    forecast
                            ? DashboardData.upper(SHOWN_RUN, pair, day) - DashboardData.lower(SHOWN_RUN, pair, day)
                            : null);
        }
        assertEquals(dates, strings(option.path("xAxis").get(0).path("data")));
        Map<String, JsonNode> series = series(option);
        assertEquals(List.of("yhat_lower", "interval", "actual", "yhat"), new ArrayList<>(series.keySet()));
        assertEquals(actual, numbers(series.get("actual")));
        assertEquals(yhat, numbers(series.get("yhat")));
        assertEquals(lower, numbers(series.get("yhat_lower")));
        assertEquals(band, numbers(series.get("interval")));
    }

    private void assertComponentsChart(JsonNode option) {
        int pair = 0;
        List<String> dates = new ArrayList<>();
        List<Double> trend = new ArrayList<>();
        List<Double> weekly = new ArrayList<>();
        List<Double> yearly = new ArrayList<>();
        for (int d = 0; d < HORIZON; d++) {
            dates.add(DashboardData.forecastDay(d).toString());
            trend.add(DashboardData.trend(pair, d));
            weekly.add(DashboardData.weekly(d));
            yearly.add(DashboardData.yearly(d));
        }
        assertEquals(dates, strings(option.path("xAxis").get(0).path("data")));
        Map<String, JsonNode> series = series(option);
        // The table has no holiday component for these rows, so the chart has no such line.
        assertEquals(List.of("trend", "weekly", "yearly"), new ArrayList<>(series.keySet()));
        assertEquals(trend, numbers(series.get("trend")));
        assertEquals(weekly, numbers(series.get("weekly")));
        assertEquals(yearly, numbers(series.get("yearly")));
    }

    /** S1 / P1 in the shown run: its candidates by backtest error with the run's means, and the run's wins. */
    private void assertModelChoice() {
        int pair = 0;
        List<DashboardData.Candidate> run = DashboardData.candidates().stream()
                .filter(c -> c.run() == SHOWN_RUN)
                .toList();
        List<String> rows = new ArrayList<>();
        run.stream()
                .filter(c -> c.pair() == pair)
                .sorted(java.util.Comparator.comparingDouble(DashboardData.Candidate::mase)
                        .thenComparing(DashboardData.Candidate::name))
                .forEach(c -> {
                    double mean = run.stream()
                            .filter(o -> o.name().equals(c.name()))
                            .mapToDouble(DashboardData.Candidate::mase)
                            .average()
                            .orElseThrow();
                    rows.add(String.join(
                            "|",
                            c.name(),
                            c.backtest(),
                            String.format(java.util.Locale.ROOT, "%.3f", c.mase()),
                            "–",
                            String.format(java.util.Locale.ROOT, "%.3f", mean),
                            c.chosen() ? "✓" : ""));
                });
        assertEquals(rows, strings(browser.evaluate(tableRows("candidates"))));
        assertEquals(
                List.of("combination"),
                strings(browser.evaluate("[...document.querySelectorAll('#candidates tr.chosen')]"
                        + ".map(tr => tr.dataset.candidate)")));
        assertTrue(
                browser.evaluate("document.getElementById('model-caption').textContent")
                        .asText()
                        .contains("run " + SHOWN_RUN + " · model " + DashboardData.model(SHOWN_RUN, pair)),
                () -> browser.evaluate("document.getElementById('model-caption').textContent")
                        .asText());
        // One store-product per model in the shown run; most first, then by name.
        assertEquals(List.of("ets+theta|1", "mstl|1", "snaive|1"), strings(browser.evaluate(tableRows("wins"))));
    }

    private static String tableRows(String id) {
        return "[...document.querySelectorAll('#" + id + " tbody tr')]"
                + ".map(tr => [...tr.cells].map(td => td.textContent).join('|'))";
    }

    private void assertSentimentChart(JsonNode option) {
        Map<LocalDate, double[]> perDay = DashboardData.sentimentPerDay();
        List<String> dates = new ArrayList<>();
        List<List<Double>> counts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<Double> mean = new ArrayList<>();
        for (LocalDate d = TODAY.minusDays(29); !d.isAfter(TODAY); d = d.plusDays(1)) {
            dates.add(d.toString());
            double[] day = perDay.getOrDefault(d, new double[5]);
            for (int k = 0; k < 3; k++) {
                counts.get(k).add(day[1 + k]);
            }
            mean.add(day[0] == 0 ? null : day[4] / day[0]);
        }
        assertEquals(dates, strings(option.path("xAxis").get(0).path("data")));
        Map<String, JsonNode> series = series(option);
        assertEquals(List.of("positive", "neutral", "negative", "mean sentiment"), new ArrayList<>(series.keySet()));
        assertEquals(counts.get(0), numbers(series.get("positive")));
        assertEquals(counts.get(1), numbers(series.get("neutral")));
        assertEquals(counts.get(2), numbers(series.get("negative")));
        List<Double> drawn = numbers(series.get("mean sentiment"));
        assertEquals(mean.size(), drawn.size());
        for (int i = 0; i < mean.size(); i++) {
            if (mean.get(i) == null || drawn.get(i) == null) {
                assertEquals(mean.get(i), drawn.get(i), "mean sentiment on " + dates.get(i));
            } else {
                // The API averages per source and product; the page weights those means by posts.
                assertEquals(mean.get(i), drawn.get(i), 1e-9, "mean sentiment on " + dates.get(i));
            }
        }
    }

    private void assertReasonsChart(JsonNode option) {
        List<DashboardData.Reason> shown = DashboardData.reasons().stream()
                .filter(r -> r.run() == SHOWN_RUN)
                .toList();
        // Rank 1 at the top of a category axis is its last entry.
        List<String> labels =
                new ArrayList<>(shown.stream().map(DashboardData.Reason::label).toList());
        List<Double> unhappy =
                new ArrayList<>(shown.stream().map(r -> (double) r.unhappy()).toList());
        java.util.Collections.reverse(labels);
        java.util.Collections.reverse(unhappy);
        assertEquals(labels, strings(option.path("yAxis").get(0).path("data")));
        assertEquals(unhappy, numbers(series(option).get("unhappy")));
    }

    private void assertSignalsChart(JsonNode option) {
        int pair = 0; // S1 / P1; the first series by name ("cpi") is chosen
        Map<LocalDate, Double> values = DashboardData.signal();
        List<String> dates = new ArrayList<>();
        List<Double> units = new ArrayList<>();
        List<Double> signal = new ArrayList<>();
        for (LocalDate d = TODAY.minusDays(29); !d.isAfter(TODAY); d = d.plusDays(1)) {
            dates.add(d.toString());
            int ago = (int) (TODAY.toEpochDay() - d.toEpochDay());
            units.add(ago < SALES_DAYS && DashboardData.soldOn(ago) ? (double) DashboardData.units(pair, ago) : 0.0);
            signal.add(values.get(d));
        }
        assertEquals(dates, strings(option.path("xAxis").get(0).path("data")));
        Map<String, JsonNode> series = series(option);
        assertEquals(List.of("units", DashboardData.SIGNAL), new ArrayList<>(series.keySet()));
        assertEquals(units, numbers(series.get("units")));
        assertEquals(signal, numbers(series.get(DashboardData.SIGNAL)));
        assertEquals(
                List.of("cpi", "fuel"),
                strings(browser.evaluate("[...document.getElementById('signal').options].map(o => o.value)")));
    }

    /** The panel draws what the endpoint answers for S1 / P1: a bar per lag, the best lag in the caption. */
    private void assertCorrelationChart(JsonNode option) throws Exception {
        String body = given().auth()
                .oauth2("test-key")
                .when()
                .get("/api/v1/insights/sentiment-sales?product=P1&store=S1")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        JsonNode answer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        List<String> lags = new ArrayList<>();
        List<Double> correlations = new ArrayList<>();
        answer.path("lags").forEach(l -> {
            lags.add(l.path("lag").asText());
            correlations.add(
                    l.path("correlation").isNull()
                            ? null
                            : l.path("correlation").asDouble());
        });
        assertEquals(29, lags.size());
        assertTrue(correlations.stream().filter(java.util.Objects::nonNull).count() >= 1, body);
        assertEquals(lags, strings(option.path("xAxis").get(0).path("data")));
        assertEquals(List.of("correlation"), new ArrayList<>(series(option).keySet()));
        assertEquals(
                correlations,
                numbers(browser.evaluate("echarts.getInstanceByDom(document.getElementById("
                        + "'chart-correlation')).getOption().series[0].data.map(d => d.value)")));
        assertTrue(
                browser.evaluate("document.getElementById('correlation-caption').textContent")
                        .asText()
                        .contains("best lag " + answer.path("best").path("lag").asInt() + " d"),
                body);
    }

    private JsonNode chart(String id) {
        return browser.evaluate("(() => { const o = echarts.getInstanceByDom(document.getElementById('" + id
                + "')).getOption(); return {xAxis: o.xAxis, yAxis: o.yAxis, series: o.series.map(s => "
                + "({name: s.name, data: s.data}))}; })()");
    }

    private List<String> alertIds() {
        return strings(browser.evaluate("[...document.querySelectorAll('#alerts li')].map(li => li.dataset.alertId)"));
    }

    private static Map<String, JsonNode> series(JsonNode option) {
        Map<String, JsonNode> byName = new java.util.LinkedHashMap<>();
        option.path("series").forEach(s -> byName.put(s.path("name").asText(), s.path("data")));
        return byName;
    }

    private static List<String> strings(JsonNode array) {
        return map(array, JsonNode::asText);
    }

    private static List<Double> numbers(JsonNode array) {
        assertTrue(array != null && array.isArray(), () -> "not an array: " + array);
        return map(array, n -> n.isNull() ? null : n.asDouble());
    }

    private static <T> List<T> map(JsonNode array, Function<JsonNode, T> f) {
        return StreamSupport.stream(array.spliterator(), false).map(f).collect(Collectors.toCollection(ArrayList::new));
    }
}
