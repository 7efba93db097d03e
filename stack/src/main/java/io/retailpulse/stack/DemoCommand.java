package io.retailpulse.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.jboss.logging.Logger;

/**
 * {@code ./pulse demo [--detach]}: bring the stack up, let ingest's synthetic retail generator backfill two years
 * of sales and its post generator write shopper posts, wait until analytics-api shows every unit, let inference
 * score the posts and elect the week's top complaint reasons, send fresh posts that raise alerts, run a forecast with
 * each product's sentiment as a regressor (the planted product's backtest with and without it), print a summary,
 * then keep running until Ctrl-C (which runs {@code down}).
 */
final class DemoCommand {
    private static final Logger LOG = Logger.getLogger(DemoCommand.class);
    private static final int STORES = 5;
    private static final int PRODUCTS = 20;
    private static final int DAYS = 730;
    private static final long SEED = 42;
    private static final int POSTS = 300;
    /** What ingest's generator plants with "plant": true (demo/plant/SentimentPlant). */
    private static final String PLANTED_PRODUCT = "SKU-0003";

    private static final int PLANTED_LAG = 3;
    /** The demo's run: each product's own daily sentiment, lagged by the planted lag (forecasting/README.md). */
    private static final String SENTIMENT_RUN = "{\"regressors\":[{\"name\":\"sentiment\",\"source\":\"sentiment\","
            + "\"scope\":\"product\",\"lag\":" + PLANTED_LAG + "}]}";

    private static final Duration GENERATOR_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration VISIBLE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration FORECAST_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration FINAL_CHECK_GRACE = Duration.ofSeconds(10);

    private DemoCommand() {}

    /** Returns the exit code. */
    static int run(StackConfig config, boolean detach) throws InterruptedException {
        LocalStack stack = UpCommand.run(config);
        try {
            boolean complete = loadAndShow(stack);
            requireAllReady(stack);
            if (detach) {
                LOG.info("The stack keeps running; stop it with ./pulse down.");
                return complete ? 0 : 1;
            }
            CountDownLatch stopped = stopOnShutdown(config);
            LOG.info("Press Ctrl-C to stop the stack.");
            stopped.await();
            return complete ? 0 : 1;
        } catch (StackException e) {
            LOG.error(e.getMessage());
            LOG.info("The stack is still running (./pulse status shows it); stop it with ./pulse down.");
            return 1;
        }
    }

    private static boolean loadAndShow(LocalStack stack) throws InterruptedException {
        PulseApi api = new PulseApi(stack.apiKey());
        var ingest = stack.serviceUri("ingest");
        var analytics = stack.serviceUri("analytics-api");
        var forecasting = stack.serviceUri("forecasting");

        LOG.infof(
                "Generating %d days of sales for %d stores x %d products (seed %d) ...", DAYS, STORES, PRODUCTS, SEED);
        long begin = System.nanoTime();
        // plant: ingest's generator plants a known effect (posts about PLANTED_PRODUCT with a negative burst, its
        // sales following PLANTED_LAG days later) that the correlation endpoint must find (ingest/README.md).
        long planted = api.postJson(
                        ingest,
                        "/api/v1/generator/start",
                        "{\"mode\":\"backfill\",\"stores\":" + STORES + ",\"products\":" + PRODUCTS + ",\"days\":"
                                + DAYS + ",\"seed\":" + SEED + ",\"plant\":true}",
                        "ingest")
                .path("plantedPosts")
                .asLong(0);
        JsonNode generated = awaitGenerator(api, ingest);
        JsonNode request = generated.path("request");
        LocalDate from = LocalDate.parse(request.path("start").asText());
        LocalDate to = from.plusDays(DAYS - 1L);
        long units = generated.path("units").asLong();
        LOG.infof(
                "ingest generated %d transactions: %d accepted (%d already there from an earlier demo)",
                generated.path("generated").asLong(),
                generated.path("accepted").asLong(),
                generated.path("duplicates").asLong());

        long seen = awaitUnits(api, analytics, demoStores(), from, to, units);
        double visible = (System.nanoTime() - begin) / 1e9;

        JsonNode posts =
                api.postJson(ingest, "/api/v1/generator/posts", "{\"count\":" + POSTS + ",\"seed\":7}", "ingest");

        long postCount =
                posts.path("accepted").asLong() + posts.path("duplicates").asLong() + planted;
        DemoFeedback.Outcome feedback =
                new DemoFeedback(api, ingest, stack.serviceUri("inference"), analytics).run(postCount);

        // After the posts are scored: the run uses each product's daily sentiment, lagged by the planted lag, as a
        // regressor, and reports per store-product its backtest error with and without it (forecasting/README.md).
        LOG.info("Fitting a forecast for every store-product, with the product's sentiment as a regressor ...");
        long runId = api.postJson(forecasting, "/api/v1/forecast-runs", SENTIMENT_RUN, "forecasting")
                .path("runId")
                .asLong();
        JsonNode run = awaitRun(api, forecasting, runId);

        LOG.info("");
        LOG.info("Demo summary");
        LOG.infof(
                "  sales                %d units over %s .. %s%s",
                units,
                from,
                to,
                seen == units
                        ? String.format(", all visible in analytics-api %.1f s after the start", visible)
                        : ", but analytics-api shows only " + seen);
        LOG.infof(
                "  posts                %d to feedback.raw %s",
                posts.path("accepted").asLong() + posts.path("duplicates").asLong(), posts.path("sentiments"));
        JsonNode metrics = run.path("metrics");
        LOG.infof(
                "  forecast run %d      %s, %d of %d store-products; backtest SMAPE %.1f (seasonal naive %.1f)",
                runId,
                run.path("status").asText(),
                run.path("done").asInt(),
                run.path("total").asInt(),
                metrics.path("model").path("smape").asDouble(Double.NaN),
                metrics.path("seasonalNaive").path("smape").asDouble(Double.NaN));
        printSentimentInForecasts(api, forecasting, runId, run);
        DemoFeedback.print(feedback, analytics);
        printCorrelation(api, analytics);
        LOG.infof(
                "  planted effect       %s", StackReport.dashboardUrl(stack, "&store=S001&product=" + PLANTED_PRODUCT));
        LOG.infof("  daily sales          %s/api/v1/sales/daily?store=S001&from=%s", analytics, to.minusDays(13));
        LOG.infof("  forecasts            %s/api/v1/forecasts?store=S001&product=SKU-0001", analytics);
        LOG.infof("  dashboard            %s", StackReport.dashboardUrl(stack, "&store=S001&product=SKU-0001"));
        LOG.infof("  API key              %s", stack.apiKey());
        LOG.info("");
        return seen == units && "SUCCEEDED".equals(run.path("status").asText()) && feedback.scored() >= postCount;
    }

    /**
     * The demo ends by asking every service's {@code /q/health/ready}: a stack that looks done but has a dead
     * consumer channel (forecasting's, 64 s after every start, in issue 15) must fail the demo loudly, naming the
     * service and the check that is DOWN, not print a summary and exit 0.
     */
    static void requireAllReady(LocalStack stack) {
        java.util.Map<String, java.net.URI> services = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> logs = new java.util.LinkedHashMap<>();
        for (String service : stack.config().servicePorts().keySet()) {
            services.put(service, stack.serviceUri(service));
            logs.put(
                    service,
                    StackReport.relative(stack.config(), stack.config().logDir().resolve(service + ".log")));
        }
        try {
            HealthCheck.requireAllReady(services, logs, FINAL_CHECK_GRACE);
        } catch (StackException e) {
            throw new StackException("The demo FAILED its final health check: " + e.getMessage(), e);
        }
        LOG.infof("Final health check: %s ready.", String.join(", ", services.keySet()));
    }

    /**
     * The run's with/without backtest of the sentiment regressor on the planted product's pairs (one per store),
     * and over every pair of the run.
     */
    private static void printSentimentInForecasts(PulseApi api, java.net.URI forecasting, long runId, JsonNode run) {
        try {
            JsonNode rows = api.get(
                            forecasting,
                            "/api/v1/forecast-runs/" + runId + "/regressors?product=" + PLANTED_PRODUCT,
                            "forecasting")
                    .path("items");
            double with = 0;
            double without = 0;
            int backtested = 0;
            int better = 0;
            for (JsonNode row : rows) {
                if (row.path("backtestWith").isNumber()
                        && row.path("backtestWithout").isNumber()) {
                    with += row.path("backtestWith").asDouble();
                    without += row.path("backtestWithout").asDouble();
                    backtested++;
                    better += row.path("helps").asBoolean() ? 1 : 0;
                }
            }
            if (backtested == 0) {
                LOG.infof(
                        "  sentiment in forecast %s: no backtest (%s)",
                        PLANTED_PRODUCT,
                        rows.size() == 0 ? "no rows" : rows.get(0).path("note").asText());
            } else {
                LOG.infof(
                        "  sentiment in forecast %s, lag %d: backtest MASE with %.3f, without %.3f (mean of %d stores;"
                                + " lower with it in %d of %d)%s",
                        PLANTED_PRODUCT,
                        PLANTED_LAG,
                        with / backtested,
                        without / backtested,
                        backtested,
                        better,
                        backtested,
                        with < without ? ": the signal helps" : ": the signal does not help");
            }
            for (JsonNode r : run.path("regressors")) {
                LOG.infof(
                        "    all store-products  %s helped %d of %d backtested (%d without enough sentiment: "
                                + "forecast without it)",
                        r.path("name").asText(),
                        r.path("helped").asInt(),
                        r.path("backtested").asInt(),
                        r.path("fallbacks").asInt());
            }
        } catch (StackException e) {
            LOG.infof("  sentiment in forecast %s: %s", PLANTED_PRODUCT, e.getMessage());
        }
    }

    /** The sentiment-sales correlation of the planted product: it should find the planted lag. */
    private static void printCorrelation(PulseApi api, java.net.URI analytics) {
        String path = "/api/v1/insights/sentiment-sales?product=" + PLANTED_PRODUCT;
        try {
            JsonNode best = api.get(analytics, path, "analytics-api").path("best");
            LOG.infof(
                    "  sentiment -> sales   %s: best lag %d days (planted: %d), r %.2f, p %.1e%s",
                    PLANTED_PRODUCT,
                    best.path("lag").asInt(),
                    PLANTED_LAG,
                    best.path("correlation").asDouble(),
                    best.path("pValue").asDouble(),
                    best.path("significant").asBoolean() ? ", significant" : "");
        } catch (StackException e) {
            LOG.infof("  sentiment -> sales   %s: %s", PLANTED_PRODUCT, e.getMessage());
        }
        LOG.infof("  correlation          %s%s", analytics, path);
    }

    /** The generator names stores S001, S002, ... */
    private static Set<String> demoStores() {
        Set<String> stores = new LinkedHashSet<>();
        for (int s = 1; s <= STORES; s++) {
            stores.add(String.format("S%03d", s));
        }
        return stores;
    }

    private static JsonNode awaitGenerator(PulseApi api, java.net.URI ingest) throws InterruptedException {
        long deadline = System.nanoTime() + GENERATOR_TIMEOUT.toNanos();
        while (true) {
            JsonNode status = api.get(ingest, "/api/v1/generator", "ingest");
            String state = status.path("state").asText();
            if (state.equals("done")) {
                return status;
            }
            if (!state.equals("running")) {
                throw new StackException("the retail generator ended " + state + ": "
                        + status.path("error").asText());
            }
            if (System.nanoTime() > deadline) {
                throw new StackException("the retail generator is still running after " + GENERATOR_TIMEOUT.toMinutes()
                        + " min (" + status.path("generated").asLong() + " generated)");
            }
            Thread.sleep(500);
        }
    }

    private static long awaitUnits(
            PulseApi api, java.net.URI analytics, Set<String> stores, LocalDate from, LocalDate to, long expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + VISIBLE_TIMEOUT.toNanos();
        while (true) {
            long seen = api.units(analytics, stores, from, to);
            if (seen == expected || System.nanoTime() > deadline) {
                return seen;
            }
            Thread.sleep(1000);
        }
    }

    private static JsonNode awaitRun(PulseApi api, java.net.URI forecasting, long runId) throws InterruptedException {
        long deadline = System.nanoTime() + FORECAST_TIMEOUT.toNanos();
        while (true) {
            JsonNode run = api.get(forecasting, "/api/v1/forecast-runs/" + runId, "forecasting");
            if (!run.path("status").asText().equals("RUNNING") || System.nanoTime() > deadline) {
                return run;
            }
            Thread.sleep(1000);
        }
    }

    /**
     * Ctrl-C makes the JVM run its shutdown hooks: ours stops the stack. Registered before the prompt is printed,
     * so that an early Ctrl-C cannot slip through.
     */
    private static CountDownLatch stopOnShutdown(StackConfig config) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("");
                            LOG.info("Stopping Retail Pulse ...");
                            DownCommand.run(config);
                            stopped.countDown();
                        },
                        "pulse-demo-down"));
        return stopped;
    }
}
