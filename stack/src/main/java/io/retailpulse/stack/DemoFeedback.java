package io.retailpulse.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The demo's feedback half: the generated posts scored by inference (as analytics-api shows them), a topic run
 * electing the top complaint reasons, then fresh posts matched against those reasons in real time (alerts).
 */
final class DemoFeedback {
    private static final Logger LOG = Logger.getLogger(DemoFeedback.class);
    private static final Duration SCORED_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration TOPICS_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration ALERTS_WAIT = Duration.ofSeconds(20);
    private static final int FRESH_POSTS = 40;

    /** What the summary prints. */
    record Outcome(long scored, Map<String, Long> labels, JsonNode topicRun, long alerts) {}

    private final PulseApi api;
    private final URI ingest;
    private final URI inference;
    private final URI analytics;

    DemoFeedback(PulseApi api, URI ingest, URI inference, URI analytics) {
        this.api = api;
        this.ingest = ingest;
        this.inference = inference;
        this.analytics = analytics;
    }

    Outcome run(long posts) throws InterruptedException {
        LOG.info("Scoring the posts (sentiment + entities) ...");
        Map<String, Long> labels = awaitScored(posts);
        long scored = labels.values().stream().mapToLong(Long::longValue).sum();
        LOG.info("Electing the top complaint reasons of the week (topic run) ...");
        // the topic consumer stores each scored post right after text.scored: give it a moment to catch up
        Thread.sleep(3000);
        JsonNode run = awaitTopicRun(api.postJson(inference, "/api/v1/topics/runs", "", "inference")
                .path("runId")
                .asLong());
        long before = alerts();
        api.postJson(
                ingest,
                "/api/v1/generator/posts",
                "{\"count\":" + FRESH_POSTS + ",\"seed\":" + System.currentTimeMillis() + "}",
                "ingest");
        long deadline = System.nanoTime() + ALERTS_WAIT.toNanos();
        long after = before;
        while (System.nanoTime() < deadline) {
            Thread.sleep(2000);
            after = alerts();
        }
        return new Outcome(scored, labels, run, after - before);
    }

    /** Label counts of the generator's scored posts, once analytics-api shows all of them (or the time is up). */
    private Map<String, Long> awaitScored(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + SCORED_TIMEOUT.toNanos();
        while (true) {
            Map<String, Long> labels = new TreeMap<>();
            String cursor = null;
            do {
                JsonNode page = api.get(
                        analytics,
                        "/api/v1/scored-texts?source=generator&limit=1000"
                                + (cursor == null
                                        ? ""
                                        : "&cursor="
                                                + java.net.URLEncoder.encode(
                                                        cursor, java.nio.charset.StandardCharsets.UTF_8)),
                        "analytics-api");
                page.path("items").forEach(i -> labels.merge(i.path("label").asText(), 1L, Long::sum));
                cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
            } while (cursor != null && !cursor.isEmpty());
            long seen = labels.values().stream().mapToLong(Long::longValue).sum();
            if (seen >= expected || System.nanoTime() > deadline) {
                return labels;
            }
            Thread.sleep(1000);
        }
    }

    private JsonNode awaitTopicRun(long runId) throws InterruptedException {
        long deadline = System.nanoTime() + TOPICS_TIMEOUT.toNanos();
        while (true) {
            JsonNode view = api.get(inference, "/api/v1/topics/runs/" + runId, "inference");
            if (!"RUNNING".equals(view.path("run").path("status").asText()) || System.nanoTime() > deadline) {
                return view;
            }
            Thread.sleep(1000);
        }
    }

    private long alerts() {
        long count = 0;
        String cursor = null;
        do {
            JsonNode page = api.get(
                    analytics,
                    "/api/v1/alerts?limit=1000"
                            + (cursor == null
                                    ? ""
                                    : "&cursor="
                                            + java.net.URLEncoder.encode(
                                                    cursor, java.nio.charset.StandardCharsets.UTF_8)),
                    "analytics-api");
            count += page.path("items").size();
            cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (cursor != null && !cursor.isEmpty());
        return count;
    }

    /** The summary lines. */
    static void print(Outcome o, URI analytics) {
        LOG.infof("  scored posts         %d, model says %s", o.scored(), o.labels());
        JsonNode run = o.topicRun().path("run");
        LOG.infof(
                "  topic run %d         %s, %d posts, %d topics, %d unhappy",
                run.path("runId").asLong(),
                run.path("status").asText(),
                run.path("total").asInt(),
                run.path("topics").asInt(),
                run.path("unhappy").asInt());
        for (JsonNode reason : o.topicRun().path("reasons")) {
            LOG.infof(
                    "    top reason %d       %s (%d unhappy posts, %.0f%%)",
                    reason.path("rank").asInt(),
                    reason.path("label").asText(),
                    reason.path("unhappy").asInt(),
                    100 * reason.path("share").asDouble());
        }
        LOG.infof("  alerts               %d raised by %d fresh posts matching a top reason", o.alerts(), FRESH_POSTS);
        LOG.infof("  sentiment daily      %s/api/v1/sentiment/daily", analytics);
        LOG.infof("  top reasons          %s/api/v1/topics/top-reasons", analytics);
    }
}
