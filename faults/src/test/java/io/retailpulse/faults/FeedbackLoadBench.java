package io.retailpulse.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
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
 * request as social posts arrive, for {@code -Dbench.seconds} (30) each, and the post → scored-row latency
 * (client send time to {@code text_sentiment.scored_at}) with the sustained scored rate. The baseline, measured in
 * the same run on the same stack, is inference's own {@code POST /api/v1/sentiment/batch} at batch 32: what the
 * model alone scores per second here. The ratio says how much of the model's speed the pipeline keeps.
 *
 * <p>Run (loopback only, bounded): {@code ./mvnw -B -DskipTests install && ./mvnw -B verify -Pfaults -pl faults
 * -Dit.test=FeedbackLoadBench -Dbench.rates=50,100,200}. It leaves the stack up for inspection; {@code pulse down}
 * with the suite's environment (see {@link Stack}) or a rerun of the suite stops it.
 */
class FeedbackLoadBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SECONDS = Integer.getInteger("bench.seconds", 30);

    @Test
    void feedbackPostsToScoredRows() throws Exception {
        Stack.up();
        double model = modelTextsPerSecond();
        System.out.printf("%nbaseline: inference /api/v1/sentiment/batch (32 texts) %.1f texts/s%n", model);
        System.out.println(
                "offered/s  accepted/s  scored/s  p50 ms  p95 ms  p99 ms  max ms  unscored  ratio(scored/baseline)");
        for (String rate : System.getProperty("bench.rates", "50,100,200").split(",")) {
            Result r = run(Integer.parseInt(rate.trim()));
            System.out.printf(
                    "%9d  %10.1f  %8.1f  %6d  %6d  %6d  %6d  %8d  %.2f%n",
                    Integer.parseInt(rate.trim()),
                    r.accepted,
                    r.scored,
                    r.p(50),
                    r.p(95),
                    r.p(99),
                    r.p(100),
                    r.unscored,
                    r.scored / model);
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
        while (System.nanoTime() - start < Duration.ofSeconds(15).toNanos()) {
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

    private static Result run(int rate) throws Exception {
        String source = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(32);
        long start = System.nanoTime();
        int total = rate * SECONDS;
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = i;
            clients.submit(() -> {
                String body = "{\"source\":\"" + source + "\",\"externalId\":\"" + n + "\",\"text\":\""
                        + (n % 3 == 0 ? "Checkout queue was terrible and the milk had expired " : "Lovely fresh bread ")
                        + n + "\",\"ts\":\"2026-11-20T10:00:00Z\"}";
                long sent = System.currentTimeMillis();
                try {
                    HttpResponse<String> r =
                            Stack.post("ingest", "/api/v1/feedback", "application/json", body, Duration.ofSeconds(30));
                    JsonNode ids = JSON.readTree(r.body()).path("ids");
                    if (r.statusCode() / 100 == 2 && ids.size() == 1) {
                        sentAt.put(ids.get(0).asText(), sent);
                    } else {
                        refused.incrementAndGet();
                    }
                } catch (Exception e) {
                    refused.incrementAndGet();
                }
            });
        }
        clients.shutdown();
        clients.awaitTermination(2, TimeUnit.MINUTES);
        double offeredSeconds = (System.nanoTime() - start) / 1e9;
        // Wait for the scoring to catch up (bounded), then read every row's scored_at.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
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
        Collections.sort(latencies);
        double scoredPerSecond = latencies.isEmpty() ? 0 : latencies.size() / Math.max(1e-3, (last - first) / 1e3);
        return new Result(
                sentAt.size() / offeredSeconds,
                scoredPerSecond,
                latencies,
                sentAt.size() - latencies.size() + refused.get());
    }

    private record Result(double accepted, double scored, List<Long> latencies, int unscored) {
        long p(int percentile) {
            if (latencies.isEmpty()) {
                return -1;
            }
            int index = (int) Math.ceil(percentile / 100.0 * latencies.size()) - 1;
            return latencies.get(Math.max(0, Math.min(latencies.size() - 1, index)));
        }
    }
}
