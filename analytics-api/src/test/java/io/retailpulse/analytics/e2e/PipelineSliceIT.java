package io.retailpulse.analytics.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.stack.BiUser;
import io.retailpulse.stack.FreePorts;
import io.retailpulse.stack.LocalStack;
import io.retailpulse.stack.MariaDbServer;
import io.retailpulse.stack.StackConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first vertical slice across processes, started exactly as {@code ./pulse up} starts it: a KRaft Kafka
 * broker and MariaDB as child processes, the four services as separate JVMs from their packaged jars.
 * CSV → ingest → retail.transactions → forecasting → daily_sales → analytics-api, and feedback → ingest →
 * feedback.raw → inference → text_sentiment → analytics-api and the BI views.
 */
class PipelineSliceIT {
    private static final Logger LOG = Logger.getLogger(PipelineSliceIT.class);
    private static final String KEY = "e2e-key";
    private static final Pattern ITEM = Pattern.compile(
            "\\{\"date\":\"([^\"]+)\",\"store\":\"([^\"]+)\",\"product\":\"([^\"]+)\",\"units\":(\\d+),\"revenue\":([0-9.]+)");

    @TempDir
    static Path state;

    static LocalStack stack;
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startStack() {
        Path home = Path.of("..").toAbsolutePath().normalize();
        StackConfig.Builder config = StackConfig.builder(home)
                .stateDir(state)
                .kafkaPort(FreePorts.find())
                .kafkaControllerPort(FreePorts.find())
                .dbPort(FreePorts.find())
                .apiKey(KEY)
                .healthTimeout(Duration.ofSeconds(180));
        for (String service : StackConfig.DEFAULT_SERVICE_PORTS.keySet()) {
            config.servicePort(service, FreePorts.find());
        }
        long started = System.nanoTime();
        stack = LocalStack.start(config.build());
        LOG.infof("Stack healthy in %.1f s", (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /** 1,000 transactions over 4 stores × 5 products × 10 days, with the exact totals they must add up to. */
    record Upload(String csv, Map<String, String> expected) {
        static Upload of(String prefix, int rows, long seed) {
            Random random = new Random(seed);
            StringBuilder csv = new StringBuilder("transaction_id,ts,store_id,product_id,quantity,unit_price\n");
            Map<String, long[]> units = new TreeMap<>();
            Map<String, BigDecimal> revenue = new TreeMap<>();
            for (int i = 0; i < rows; i++) {
                LocalDate day = LocalDate.of(2024, 6, 1).plusDays(random.nextInt(10));
                String store = prefix + "-S" + random.nextInt(4);
                String product = "P" + random.nextInt(5);
                int quantity = 1 + random.nextInt(9);
                BigDecimal price = BigDecimal.valueOf(50 + random.nextInt(5000), 2);
                csv.append(prefix)
                        .append("-t")
                        .append(i)
                        .append(',')
                        .append(day)
                        .append("T10:15:00+02:00,")
                        .append(store)
                        .append(',')
                        .append(product)
                        .append(',')
                        .append(quantity)
                        .append(',')
                        .append(price.toPlainString())
                        .append('\n');
                String key = day + "," + store + "," + product;
                units.computeIfAbsent(key, k -> new long[1])[0] += quantity;
                revenue.merge(key, price.multiply(BigDecimal.valueOf(quantity)), BigDecimal::add);
            }
            Map<String, String> expected = new TreeMap<>();
            units.forEach((k, u) -> expected.put(
                    k, u[0] + "," + revenue.get(k).stripTrailingZeros().toPlainString()));
            return new Upload(csv.toString(), expected);
        }
    }

    @Test
    void csvPostedToIngestShowsUpAsExactDailySumsAndPostingItAgainChangesNothing() throws Exception {
        Upload upload = Upload.of("a", 1000, 42);
        long posted = System.nanoTime();
        String answer = postCsv(upload.csv());
        assertTrue(answer.contains("\"accepted\":1000") && answer.contains("\"rejected\":0"), answer);

        Map<String, String> seen = awaitSums("store=a-S", upload.expected(), Duration.ofSeconds(30));
        LOG.infof(
                "1,000-row CSV visible as exact sums in analytics-api after %.2f s",
                (System.nanoTime() - posted) / 1e9);
        assertEquals(upload.expected(), seen);

        // Ingest remembers every id it handed on: the second copy is answered as duplicates and never published.
        double before = aggregatedCounter();
        String again = postCsv(upload.csv());
        assertTrue(again.contains("\"duplicates\":1000"), again);
        Thread.sleep(3000);
        assertEquals(before, aggregatedCounter(), "a re-sent transaction reached forecasting");
        assertEquals(upload.expected(), sums("store=a-S"));
    }

    @Test
    void brokenRowsAreAnsweredWithLineAndReasonAndNeverCounted() throws Exception {
        Upload upload = Upload.of("b", 90, 7);
        String[] lines = upload.csv().split("\n");
        StringBuilder csv = new StringBuilder(lines[0]).append('\n');
        int good = 1;
        for (int line = 2; line <= 101; line++) {
            if (line % 10 == 0) {
                csv.append("b-bad").append(line).append(",2024-06-01T10:00:00Z,b-S0,P0,-1,1.00\n");
            } else {
                csv.append(lines[good++]).append('\n');
            }
        }
        String answer = postCsv(csv.toString());
        assertTrue(answer.startsWith("{\"accepted\":90,\"rejected\":10,"), answer);
        for (int line = 10; line <= 100; line += 10) {
            assertTrue(answer.contains("{\"line\":" + line + ",\"reason\":\"quantity -1 is negative\"}"), answer);
        }
        assertEquals(upload.expected(), awaitSums("store=b-S", upload.expected(), Duration.ofSeconds(30)));
    }

    /**
     * feedback → ingest → feedback.raw → inference (sentiment, entities) → text_sentiment → analytics-api: the scored
     * texts and their daily sentiment are answered exactly as stored, as JSON, CSV and through the BI view.
     */
    @Test
    void feedbackPostedToIngestIsScoredIntoScoredTextsDailySentimentAndTheBiView() throws Exception {
        String product = "E2E-P" + System.nanoTime() % 100_000;
        String metadata = "\"metadata\":{\"product_id\":\"" + product + "\",\"store_id\":\"E2E-S1\"}";
        String[][] posts = {
            {
                "review",
                "e2e-1",
                "I love this blender, it works perfectly and arrived a day early.",
                "2024-06-03T09:00:00Z"
            },
            {
                "review",
                "e2e-2",
                "Terrible: the blender broke after one day and nobody answered my emails.",
                "2024-06-03T10:30:00Z"
            },
            {
                "support",
                "e2e-3",
                "Where is my order? It is two weeks late, \\\"express\\\" my foot.",
                "2024-06-04T11:00:00Z"
            }
        };
        StringBuilder body = new StringBuilder("{\"items\":[");
        for (String[] p : posts) {
            body.append(body.length() > 10 ? "," : "")
                    .append("{\"source\":\"")
                    .append(p[0])
                    .append("\",\"externalId\":\"")
                    .append(product)
                    .append('-')
                    .append(p[1])
                    .append("\",\"text\":\"")
                    .append(p[2])
                    .append("\",\"ts\":\"")
                    .append(p[3])
                    .append("\",")
                    .append(metadata)
                    .append('}');
        }
        body.append("]}");
        HttpResponse<String> posted = HTTP.send(
                HttpRequest.newBuilder(stack.serviceUri("ingest").resolve("/api/v1/feedback"))
                        .header("Authorization", "Bearer " + KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, posted.statusCode(), posted.body());
        assertTrue(posted.body().contains("\"accepted\":3"), posted.body());

        // Scoring is asynchronous (Kafka, micro-batches): wait until all three are stored.
        long start = System.nanoTime();
        JsonNode texts = apiJson("/api/v1/scored-texts?product=" + product + "&sort=ts");
        while (texts.get("items").size() < 3
                && System.nanoTime() - start < Duration.ofSeconds(90).toNanos()) {
            Thread.sleep(500);
            texts = apiJson("/api/v1/scored-texts?product=" + product + "&sort=ts");
        }
        LOG.infof(
                "3 feedback texts scored and served by analytics-api after %.1f s", (System.nanoTime() - start) / 1e9);
        JsonNode items = texts.get("items");
        assertEquals(3, items.size(), texts.toString());

        // Exactly what inference stored, field by field.
        Map<String, String> stored = new TreeMap<>();
        try (Connection c = MariaDbServer.connect(
                        URI.create(stack.dbUrl()).getPort(), LocalStack.DATABASE, stack.dbUser(), stack.dbPassword());
                PreparedStatement ps = c.prepareStatement(
                        "SELECT event_id, source, text, label, score, p_negative, p_neutral, p_positive, sentiment, day, "
                                + "store_id FROM text_sentiment WHERE product_id = ?")) {
            ps.setString(1, product);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(
                            rs.getString(1),
                            String.join(
                                    "|",
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    Double.toString(rs.getDouble(5)),
                                    Double.toString(rs.getDouble(6)),
                                    Double.toString(rs.getDouble(7)),
                                    Double.toString(rs.getDouble(8)),
                                    Double.toString(rs.getDouble(9)),
                                    rs.getString(10),
                                    rs.getString(11)));
                }
            }
        }
        Map<String, String> served = new TreeMap<>();
        for (int i = 0; i < 3; i++) {
            JsonNode t = items.get(i);
            assertEquals(posts[i][2].replace("\\\"", "\""), t.get("text").asText());
            assertEquals(posts[i][3], t.get("ts").asText());
            // inference stores the probabilities rounded to 4 decimals.
            assertEquals(
                    1.0,
                    t.get("pNegative").asDouble()
                            + t.get("pNeutral").asDouble()
                            + t.get("pPositive").asDouble(),
                    5e-4);
            served.put(
                    t.get("eventId").asText(),
                    String.join(
                            "|",
                            t.get("source").asText(),
                            t.get("text").asText(),
                            t.get("label").asText(),
                            t.get("score").asText(),
                            t.get("pNegative").asText(),
                            t.get("pNeutral").asText(),
                            t.get("pPositive").asText(),
                            t.get("sentiment").asText(),
                            t.get("date").asText(),
                            t.get("store").asText()));
        }
        assertEquals(stored, served);

        // Daily sentiment: one row per day and source, counts and mean as the scored texts give them.
        Map<String, String> expectedDaily = new TreeMap<>();
        Map<String, List<JsonNode>> groups = new TreeMap<>();
        items.forEach(t -> groups.computeIfAbsent(
                        t.get("date").asText() + "|" + t.get("source").asText(), k -> new ArrayList<>())
                .add(t));
        groups.forEach((k, g) -> expectedDaily.put(
                k,
                g.size() + "|" + labels(g, "positive") + "|"
                        + labels(g, "neutral") + "|" + labels(g, "negative") + "|"
                        + String.format(
                                "%.9f",
                                g.stream()
                                        .mapToDouble(t -> t.get("sentiment").asDouble())
                                        .average()
                                        .orElseThrow())));
        Map<String, String> daily = new TreeMap<>();
        apiJson("/api/v1/sentiment/daily?product=" + product + "&store=E2E-S1")
                .get("items")
                .forEach(d -> daily.put(
                        d.get("date").asText() + "|" + d.get("source").asText(),
                        d.get("posts").asText() + "|"
                                + d.get("positive").asText() + "|"
                                + d.get("neutral").asText() + "|"
                                + d.get("negative").asText() + "|"
                                + String.format("%.9f", d.get("meanScore").asDouble())));
        assertEquals(expectedDaily, daily);
        assertEquals(Set.of("2024-06-03|review", "2024-06-04|support"), daily.keySet());

        // The CSV sink: the same three rows.
        HttpResponse<String> csv = HTTP.send(
                HttpRequest.newBuilder(stack.serviceUri("analytics-api")
                                .resolve("/api/v1/scored-texts?product=" + product + "&sort=ts"))
                        .header("X-API-Key", KEY)
                        .header("Accept", "text/csv")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, csv.statusCode());
        assertTrue(csv.body().startsWith("eventId,ts,date,source,"), csv.body());
        assertEquals(4, csv.body().split("\n").length, csv.body());

        // The BI user as ./pulse up creates it, over the views the real services migrated.
        int dbPort = URI.create(stack.dbUrl()).getPort();
        BiUser.apply(dbPort, LocalStack.DATABASE, "e2eBiPassword1");
        try (Connection bi = MariaDbServer.connect(dbPort, LocalStack.DATABASE, BiUser.USER, "e2eBiPassword1");
                PreparedStatement ps =
                        bi.prepareStatement("SELECT SUM(posts) FROM bi_sentiment_daily WHERE product_id = ?")) {
            ps.setString(1, product);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(3, rs.getInt(1));
            }
            assertThrows(SQLException.class, () -> bi.createStatement().executeQuery("SELECT * FROM text_sentiment"));
        }
    }

    private static long labels(List<JsonNode> texts, String label) {
        return texts.stream().filter(t -> t.get("label").asText().equals(label)).count();
    }

    private JsonNode apiJson(String pathAndQuery) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(stack.serviceUri("analytics-api").resolve(pathAndQuery))
                        .header("X-API-Key", KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return new ObjectMapper().readTree(response.body());
    }

    private String postCsv(String csv) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(stack.serviceUri("ingest").resolve("/api/v1/transactions"))
                        .header("Authorization", "Bearer " + KEY)
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofString(csv))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private Map<String, String> awaitSums(String filterPrefix, Map<String, String> expected, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> seen = sums(filterPrefix);
        while (!seen.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            seen = sums(filterPrefix);
        }
        return seen;
    }

    /** Every daily row of the stores whose id starts with the prefix, following the cursor through all pages. */
    private Map<String, String> sums(String storePrefix) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        String cursor = null;
        do {
            URI uri = stack.serviceUri("analytics-api")
                    .resolve("/api/v1/sales/daily?limit=50" + (cursor == null ? "" : "&cursor=" + cursor));
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(uri).header("X-API-Key", KEY).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            Matcher m = ITEM.matcher(response.body());
            while (m.find()) {
                if (m.group(2).startsWith(storePrefix.substring("store=".length()))) {
                    rows.put(
                            m.group(1) + "," + m.group(2) + "," + m.group(3),
                            m.group(4) + ","
                                    + new BigDecimal(m.group(5))
                                            .stripTrailingZeros()
                                            .toPlainString());
                }
            }
            Matcher next = Pattern.compile("\"next\":\"([^\"]+)\"").matcher(response.body());
            cursor = next.find() ? next.group(1) : null;
        } while (cursor != null);
        return rows;
    }

    private double aggregatedCounter() throws Exception {
        HttpResponse<String> metrics = HTTP.send(
                HttpRequest.newBuilder(
                                // The key: outside loopback-only listening, metrics need it like /api/**
                                // (pulse.api.operability).
                                stack.serviceUri("forecasting").resolve("/q/metrics"))
                        .header("X-API-Key", KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("forecasting_transactions_total\\{outcome=\"aggregated\"[^}]*} ([0-9.E]+)")
                .matcher(metrics.body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
