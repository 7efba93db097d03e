package io.retailpulse.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Load benchmark (not a timed test; run it by name): feedback posts into ingest at fixed offered rates, one post per
 * request as social posts arrive, for {@code -Dbench.seconds} (15) each, and the post → scored-row latency
 * (client send time to {@code text_sentiment.scored_at}) with the sustained scored rate, after a warm-up of
 * {@code -Dbench.warmupSeconds} (10) at 20 posts/s that is not reported. The baseline, measured in
 * the same run on the same stack, is inference's own {@code POST /api/v1/sentiment/batch} at batch 32: what the
 * model alone scores per second here. The ratio says how much of the model's speed the pipeline keeps.
 *
 * <p>The same rates run for each inference plan in {@code -Dbench.variants} (default {@code served,old,int8}):
 * {@code served} is the stack as {@code pulse up} starts it (1 thread × 2 concurrent passes, fp32), {@code old} the
 * plan served before issue 20 (2 threads × 1 pass, fp32), {@code int8} the new plan with the int8 encoder. Between
 * variants only inference is restarted ({@link Stack#restart}), with the plan as {@code PULSE_INFERENCE_NLP_*}
 * overrides; everything else keeps running. One table at the end gives each variant's scored rate and p99 as a
 * ratio to the old plan's, measured in this run (noisy on a shared machine: the 1-minute load average is printed
 * beside every row).
 *
 * <p>{@code -Dbench.itemsPerRequest=N} posts N at a time as one {@code {"items":[...]}} request (a CRM or support
 * export): one post per request keeps ingest the limit on 2 cores (about 100 posts/s), so a faster inference plan
 * cannot show; batched posts move the limit to inference.
 *
 * <p>Run (loopback only, bounded, about 10 minutes with the defaults): {@code ./mvnw -B -DskipTests install &&
 * ./mvnw -B verify -Pfaults -pl faults -Dit.test=FeedbackLoadBench -Dbench.rates=50,150 -Dbench.seconds=15
 * -Dbench.variants=served,old,int8}. It stops the stack at the end ({@code pulse down}); with
 * {@code -Dbench.keepUp=true} it leaves it up for inspection, inference back on the served plan ({@code pulse down}
 * with the suite's environment, see {@link Stack}, or a rerun of the suite stops it).
 */
class FeedbackLoadBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SECONDS = Integer.getInteger("bench.seconds", 15);
    /** How long a rate's posts may take to be scored after the last one was sent. */
    /** Client threads posting at once: with slow answers they bound the accepted rate (threads / post latency). */
    private static final int CLIENTS = Integer.getInteger("bench.clients", 32);
    /** Seconds at 20 posts/s through the whole pipeline before anything is measured (JIT, pools, Kafka, MariaDB). */
    private static final int WARMUP = Integer.getInteger("bench.warmupSeconds", 10);
    /**
     * Posts per request ({@code -Dbench.itemsPerRequest}, default 1): above 1 they go as {@code {"items":[...]}},
     * which costs ingest far less per post, so the pipeline's limit moves to inference, where the plans differ.
     */
    private static final int ITEMS = Math.max(1, Integer.getInteger("bench.itemsPerRequest", 1));

    private static final Duration DRAIN = Duration.ofSeconds(Integer.getInteger("bench.drainSeconds", 120));

    /** An inference plan: the {@code PULSE_INFERENCE_NLP_*} overrides it is started with (none: the served one). */
    private record Variant(String name, String plan, Map<String, String> env) {
        static Variant of(String name) {
            return switch (name) {
                case "served" -> new Variant(name, "defaults: 1 thread x 2 passes, fp32", Map.of());
                case "old" -> new Variant(name, "before issue 20: 2 threads x 1 pass, fp32", plan(2, 1, "fp32"));
                case "int8" -> new Variant(name, "1 thread x 2 passes, int8", plan(1, 2, "int8"));
                default ->
                    throw new IllegalArgumentException(
                            "bench.variants: unknown variant " + name + " (served, old, int8)");
            };
        }

        private static Map<String, String> plan(int threads, int passes, String precision) {
            return Map.of(
                    "PULSE_INFERENCE_NLP_THREADS", Integer.toString(threads),
                    "PULSE_INFERENCE_NLP_CONCURRENT_PASSES", Integer.toString(passes),
                    "PULSE_INFERENCE_NLP_PRECISION", precision);
        }
    }

    /** Posts of earlier rates not scored within {@link #DRAIN}: waited for before the next rate, so none is timed. */
    private final Map<String, Integer> backlog = new LinkedHashMap<>();

    @Test
    void feedbackPostsToScoredRows() throws Exception {
        List<Variant> variants = Arrays.stream(
                        System.getProperty("bench.variants", "served,old,int8").split(","))
                .map(String::trim)
                .map(Variant::of)
                .toList();
        List<Integer> rates = Arrays.stream(
                        System.getProperty("bench.rates", "50,150").split(","))
                .map(r -> Integer.parseInt(r.trim()))
                .toList();
        Map<String, Double> baselines = new LinkedHashMap<>();
        Map<String, List<Result>> results = new LinkedHashMap<>();
        boolean changed = false;
        Stack.up();
        try {
            run(20, WARMUP);
            for (Variant variant : variants) {
                if (!variant.env().isEmpty() || changed) {
                    Stack.restart("inference", variant.env());
                    changed = !variant.env().isEmpty();
                }
                System.out.printf(
                        "%n== %s (%s); inference pid %d, overrides %s%n",
                        variant.name(), variant.plan(), Stack.pid("inference"), overrides());
                double model = modelTextsPerSecond();
                baselines.put(variant.name(), model);
                System.out.printf(
                        "baseline: inference /api/v1/sentiment/batch (32 texts) %.1f texts/s, load %s%n",
                        model, load());
                List<Result> rows = new ArrayList<>();
                for (int rate : rates) {
                    awaitBacklog();
                    Result r = run(rate, SECONDS);
                    rows.add(r);
                    System.out.println(r.line(model));
                }
                results.put(variant.name(), rows);
            }
        } finally {
            if (Boolean.getBoolean("bench.keepUp")) {
                if (changed) {
                    Stack.restart("inference", Map.of());
                }
            } else {
                Stack.pulse(Duration.ofMinutes(3), "down");
            }
        }
        print(variants, rates, baselines, results);
    }

    /** The one table: every variant's rows beside the old plan's at the same offered rate. */
    private static void print(
            List<Variant> variants,
            List<Integer> rates,
            Map<String, Double> baselines,
            Map<String, List<Result>> results) {
        List<Result> old = results.get("old");
        System.out.printf("%nposts per request %d; baseline /batch texts/s:", ITEMS);
        baselines.forEach((name, model) -> System.out.printf(
                "  %s %.1f%s",
                name,
                model,
                baselines.containsKey("old") ? String.format(" (%.2fx old)", model / baselines.get("old")) : ""));
        System.out.printf("%n%nvariant  offered/s  accepted/s  post p99  scored/s  p50 ms  p95 ms  p99 ms  max ms"
                + "  unscored  scored/batch  scored/old  p99/old  load1%n");
        for (Variant variant : variants) {
            List<Result> rows = results.get(variant.name());
            for (int i = 0; i < rows.size(); i++) {
                Result r = rows.get(i);
                System.out.printf(
                        "%-7s  %9d  %10.1f  %8d  %8.1f  %6d  %6d  %6d  %6d  %8d  %12.2f  %10s  %7s  %5s%n",
                        variant.name(),
                        rates.get(i),
                        r.accepted,
                        Result.percentile(r.posts, 99),
                        r.scored,
                        r.p(50),
                        r.p(95),
                        r.p(99),
                        r.p(100),
                        r.unscored,
                        r.scored / baselines.get(variant.name()),
                        old == null ? "-" : String.format("%.2f", r.scored / old.get(i).scored),
                        old == null
                                ? "-"
                                : String.format(
                                        "%.2f", (double) r.p(99) / old.get(i).p(99)),
                        r.load);
            }
        }
    }

    /** The {@code PULSE_INFERENCE_NLP_*} variables of the running inference process (Linux), as a check. */
    private static String overrides() throws IOException {
        Path environ = Path.of("/proc", Long.toString(Stack.pid("inference")), "environ");
        if (!Files.isReadable(environ)) {
            return "unknown";
        }
        return Arrays.stream(Files.readString(environ).split("\0"))
                .filter(v -> v.startsWith("PULSE_INFERENCE_NLP_"))
                .sorted()
                .toList()
                .toString();
    }

    /** The 1-minute load average (Linux), printed beside every figure: the machine is shared. */
    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private void awaitBacklog() throws Exception {
        Instant deadline = Instant.now().plus(DRAIN);
        while (!backlog.isEmpty() && Instant.now().isBefore(deadline)) {
            try (Connection db = Stack.db();
                    PreparedStatement ps =
                            db.prepareStatement("SELECT COUNT(*) FROM text_sentiment WHERE source = ?")) {
                for (var source : List.copyOf(backlog.keySet())) {
                    ps.setString(1, source);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) >= backlog.get(source)) {
                            backlog.remove(source);
                        }
                    }
                }
            }
            Thread.sleep(1_000);
        }
        if (!backlog.isEmpty()) {
            System.out.println("warning: earlier posts still unscored, the next rate runs behind them: " + backlog);
        }
    }

    private static double modelTextsPerSecond() throws Exception {
        StringBuilder body = new StringBuilder("{\"texts\":[");
        for (int i = 0; i < 32; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("\"The self-checkout was broken again and nobody came to help ")
                    .append(i)
                    .append("\"");
        }
        body.append("]}");
        Stack.post("inference", "/api/v1/sentiment/batch", "application/json", body.toString(), Duration.ofSeconds(60));
        long start = System.nanoTime();
        int texts = 0;
        while (System.nanoTime() - start < Duration.ofSeconds(10).toNanos()) {
            HttpResponse<String> r = Stack.post(
                    "inference",
                    "/api/v1/sentiment/batch",
                    "application/json",
                    body.toString(),
                    Duration.ofSeconds(60));
            if (r.statusCode() != 200) {
                throw new AssertionError("baseline: " + r.statusCode() + " " + r.body());
            }
            texts += 32;
        }
        return texts / ((System.nanoTime() - start) / 1e9);
    }

    private Result run(int rate, int seconds) throws Exception {
        String source = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Long> postMillis = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        int total = rate * seconds;
        // items per request: 1 as social posts arrive; more as CRM or support exports arrive ({"items":[...]})
        for (int i = 0; i < total; i += ITEMS) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int from = i;
            int to = Math.min(total, i + ITEMS);
            clients.submit(() -> {
                StringBuilder items = new StringBuilder();
                for (int n = from; n < to; n++) {
                    items.append(items.length() == 0 ? "" : ",")
                            .append("{\"source\":\"")
                            .append(source)
                            .append("\",\"externalId\":\"")
                            .append(n)
                            .append("\",\"text\":\"")
                            .append(
                                    n % 3 == 0
                                            ? "Checkout queue was terrible and the milk had expired "
                                            : "Lovely fresh bread ")
                            .append(n)
                            .append("\",\"ts\":\"2026-11-20T10:00:00Z\"}");
                }
                String body = ITEMS == 1 ? items.toString() : "{\"items\":[" + items + "]}";
                long sent = System.currentTimeMillis();
                try {
                    HttpResponse<String> r =
                            Stack.post("ingest", "/api/v1/feedback", "application/json", body, Duration.ofSeconds(30));
                    JsonNode ids = JSON.readTree(r.body()).path("ids");
                    if (r.statusCode() / 100 == 2 && ids.size() == to - from) {
                        ids.forEach(id -> sentAt.put(id.asText(), sent));
                        postMillis.add(System.currentTimeMillis() - sent);
                    } else {
                        refused.addAndGet(to - from);
                    }
                } catch (Exception e) {
                    refused.addAndGet(to - from);
                }
            });
        }
        clients.shutdown();
        clients.awaitTermination(2, TimeUnit.MINUTES);
        double offeredSeconds = (System.nanoTime() - start) / 1e9;
        // Wait for the scoring to catch up (bounded), then read every row's scored_at.
        Instant deadline = Instant.now().plus(DRAIN);
        List<Long> latencies = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = 0;
        while (Instant.now().isBefore(deadline)) {
            latencies.clear();
            first = Long.MAX_VALUE;
            last = 0;
            try (Connection db = Stack.db();
                    PreparedStatement ps =
                            db.prepareStatement("SELECT event_id, scored_at FROM text_sentiment WHERE source = ?")) {
                ps.setString(1, source);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Long sent = sentAt.get(rs.getString(1));
                        if (sent != null) {
                            long scored = rs.getTimestamp(2)
                                    .toLocalDateTime()
                                    .toInstant(ZoneOffset.UTC)
                                    .toEpochMilli();
                            latencies.add(scored - sent);
                            first = Math.min(first, sent);
                            last = Math.max(last, scored);
                        }
                    }
                }
            }
            if (latencies.size() >= sentAt.size()) {
                break;
            }
            Thread.sleep(1_000);
        }
        if (latencies.size() < sentAt.size()) {
            backlog.put(source, sentAt.size());
        }
        Collections.sort(latencies);
        double scoredPerSecond = latencies.isEmpty() ? 0 : latencies.size() / Math.max(1e-3, (last - first) / 1e3);
        return new Result(
                rate,
                sentAt.size() / offeredSeconds,
                scoredPerSecond,
                latencies,
                postMillis.stream().sorted().toList(),
                sentAt.size() - latencies.size() + refused.get(),
                load());
    }

    private record Result(
            int offered,
            double accepted,
            double scored,
            List<Long> latencies,
            List<Long> posts,
            int unscored,
            String load) {
        String line(double model) {
            return String.format(
                    "offered %d/s: accepted %.1f/s (post p50 %d ms, p99 %d ms), scored %.1f/s, p50 %d ms, p95 %d ms,"
                            + " p99 %d ms, max %d ms, unscored %d, scored/batch %.2f, load %s",
                    offered,
                    accepted,
                    percentile(posts, 50),
                    percentile(posts, 99),
                    scored,
                    p(50),
                    p(95),
                    p(99),
                    p(100),
                    unscored,
                    scored / model,
                    load);
        }

        /** Post → scored-row latency. */
        long p(int percentile) {
            return percentile(latencies, percentile);
        }

        static long percentile(List<Long> sorted, int percentile) {
            if (sorted.isEmpty()) {
                return -1;
            }
            int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
        }
    }
}
