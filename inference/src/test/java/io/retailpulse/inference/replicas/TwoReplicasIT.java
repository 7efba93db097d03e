package io.retailpulse.inference.replicas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.retailpulse.common.events.AlertEvent;
import io.retailpulse.common.events.FeedbackEvent;
import io.retailpulse.inference.testing.PlantedFeedback;
import io.retailpulse.stack.FreePorts;
import io.retailpulse.stack.HealthCheck;
import io.retailpulse.stack.KafkaTopics;
import io.retailpulse.stack.LogTail;
import io.retailpulse.stack.Processes;
import io.retailpulse.stack.ServiceProcess;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Two real processes of the packaged inference service ({@code target/quarkus-app}) on one real Kafka broker and one
 * MariaDB database, as two replicas in production: every feedback is scored once (one {@code text_sentiment} row,
 * one {@code text.scored} record), the weekly topic run fires on one replica per fire time although both schedule
 * it (clustered Quartz; the cron fires every 5 s here), the replica that did not run follows the new topics, and a
 * burst of complaints of one customer on both replicas at once raises one alert per topic.
 *
 * <p>The topics are private to this test (suffix), so records other tests left on the shared broker do not count.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TwoReplicasIT {
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final String suffix = "-replicas-" + UUID.randomUUID().toString().substring(0, 8);
    private final String feedbackRaw = "feedback.raw" + suffix;
    private final String textScored = "text.scored" + suffix;
    private final String alertsTopic = "feedback.alerts" + suffix;
    private final ObjectMapper json =
            JsonMapper.builder().addModule(new JavaTimeModule()).build();
    private final List<ServiceProcess> replicas = new ArrayList<>();
    private KafkaProducer<String, String> producer;

    @BeforeAll
    void startTwoReplicas() throws Exception {
        ServiceProcess.requireJar("inference", JAR);
        String bootstrap = KafkaTestResource.bootstrapServers();
        List<String> topics = new ArrayList<>();
        for (String t : List.of(feedbackRaw, textScored, alertsTopic, "retail.catalog" + suffix)) {
            topics.add(t);
            topics.add(t + ".dlq");
        }
        KafkaTopics.ensure(bootstrap, Map.of(), topics, t -> 2);
        Map<String, String> db = new MariaDbTestResource().start();
        Path logs = Files.createDirectories(Path.of("target", "replicas-it"));
        for (int k = 0; k < 2; k++) {
            List<String> options = new ArrayList<>(List.of(
                    // start-up (ONNX model assembly) dominates this test on a shared 2-core machine
                    "-XX:TieredStopAtLevel=1",
                    "-Dkafka.bootstrap.servers=" + bootstrap,
                    "-Dpulse.db.url=" + db.get("pulse.db.url"),
                    "-Dpulse.db.user=" + db.get("pulse.db.user"),
                    "-Dpulse.db.password=" + db.get("pulse.db.password"),
                    "-Dpulse.api.key=test-key",
                    "-Dpulse.topics.feedback-raw=" + feedbackRaw,
                    "-Dpulse.topics.text-scored=" + textScored,
                    "-Dpulse.topics.feedback-alerts=" + alertsTopic,
                    "-Dpulse.topics.catalog=retail.catalog" + suffix,
                    // both replicas schedule the weekly run every 5 s: clustered Quartz must fire it on one
                    "-Dpulse.inference.topics.schedule.cron=0/5 * * * * ?",
                    "-Dpulse.inference.topics.schedule.follow-every=2s",
                    "-Dpulse.inference.topics.min-topic-size=5",
                    "-Dpulse.inference.topics.min-samples=3",
                    "-Dpulse.inference.nlp.retrain.every=off",
                    "-Dpulse.inference.nlp.cache-dir=target/djl",
                    "-Dpulse.inference.encoder.cache-dir=target/djl",
                    "-DDJL_CACHE_DIR=target/djl",
                    "-Dquarkus.datasource.jdbc.acquisition-timeout=60s"));
            Path log = logs.resolve("inference-" + k + suffix + ".log");
            replicas.add(ServiceProcess.start(
                    "inference",
                    "inference-" + k,
                    JAR.toAbsolutePath(),
                    FreePorts.find(),
                    "127.0.0.1",
                    Map.of(),
                    options,
                    log.toAbsolutePath(),
                    false));
        }
        // both start at once, so one deadline for both
        long readyBy = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        for (ServiceProcess r : replicas) {
            try {
                Duration left = Duration.ofNanos(Math.max(0, readyBy - System.nanoTime()));
                await("replica " + r.name() + " ready", left, () -> HealthCheck.ready(r.uri()));
            } catch (AssertionError e) {
                // say why: the DOWN checks and the end of its log (CI keeps only this message)
                throw new AssertionError(
                        e.getMessage() + ": " + HealthCheck.probe(r.uri()).describe() + "\n--- last lines of "
                                + r.logFile() + " ---\n" + LogTail.of(r.logFile(), 40));
            }
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            for (String group : List.of("inference-scoring", "inference-topics")) {
                await("both replicas share the partitions of " + group, WAIT, () -> twoMembersAssigned(admin, group));
            }
        }
        producer = KafkaTestResource.producer();
    }

    /** Both members of the group hold partitions of this test's topic. */
    private boolean twoMembersAssigned(Admin admin, String group) {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(group);
            return d.members().stream()
                            .filter(m -> m.assignment().topicPartitions().stream()
                                    .anyMatch(tp -> tp.topic().endsWith(suffix)))
                            .count()
                    == 2;
        } catch (Exception e) {
            return false;
        }
    }

    @AfterAll
    void stopReplicas() {
        if (producer != null) {
            producer.close();
        }
        for (ServiceProcess r : replicas) {
            Processes.stop(r.process(), Duration.ofSeconds(10));
        }
    }

    private String send(String text, String userId, boolean complaint, Instant ts) throws Exception {
        String id = "fb-" + UUID.randomUUID();
        FeedbackEvent e = new FeedbackEvent(
                id,
                ts,
                "review",
                id,
                userId,
                "en",
                text,
                complaint ? List.of("complaint") : List.of("web"),
                complaint ? Map.of("rating", "1") : Map.of("rating", "5", "sentiment", "positive"),
                Instant.now());
        producer.send(new ProducerRecord<>(feedbackRaw, id, json.writeValueAsString(e)));
        return id;
    }

    @Test
    void twoReplicasScoreOnceRunTheWeeklyJobOnceAndRaiseEachAlertOnce() throws Exception {
        // 1. a week of feedback with planted complaint themes, spread by key over both partitions (both replicas)
        Instant now = Instant.now();
        List<String> ids = new ArrayList<>();
        Object[][] plan = {
            {PlantedFeedback.DELIVERY, 30, true},
            {PlantedFeedback.REFUND, 20, true},
            {PlantedFeedback.STAFF, 14, true},
            {PlantedFeedback.COFFEE, 40, false}
        };
        for (Object[] row : plan) {
            PlantedFeedback.Theme theme = (PlantedFeedback.Theme) row[0];
            List<String> texts =
                    PlantedFeedback.messages(theme, (int) row[1], theme.name().hashCode());
            for (int i = 0; i < texts.size(); i++) {
                ids.add(send(
                        texts.get(i),
                        "u-" + theme.name() + "-" + i,
                        (boolean) row[2],
                        now.minus(Duration.ofMinutes(60L * (1 + (i * 7) % 140)))));
            }
        }
        producer.flush();
        int n = ids.size();
        await(n + " feedback stored for the topic runs", WAIT, () -> count("SELECT COUNT(*) FROM topic_feedback") >= n);

        // every feedback scored exactly once: one row each, one text.scored record each
        assertEquals(n, count("SELECT COUNT(*) FROM text_sentiment"));
        assertEquals(n, count("SELECT COUNT(DISTINCT event_id) FROM text_sentiment"));
        Map<String, Integer> scored = new HashMap<>();
        try (KafkaConsumer<String, String> c = KafkaTestResource.consumer(textScored)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (scored.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    scored.merge(r.key(), 1, Integer::sum);
                }
            }
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofSeconds(2))) {
                scored.merge(r.key(), 1, Integer::sum);
            }
        }
        assertEquals(n, scored.size(), "one text.scored record per feedback");
        assertTrue(scored.values().stream().allMatch(v -> v == 1), "no feedback scored twice: " + scored);
        assertEquals(0, scored.keySet().stream().filter(k -> !ids.contains(k)).count());

        // 2. a scheduled run over the week finishes on one replica; the other follows its topics
        await(
                "a scheduled topic run elected reasons",
                WAIT,
                () -> count("SELECT COUNT(*) FROM topic_run r "
                                + "WHERE status = 'DONE' AND topics > 0 AND EXISTS (SELECT 1 FROM topic_reason t "
                                + "WHERE t.run_id = r.run_id)")
                        > 0);
        long runId = latestRunWithReasons();
        await(
                "both replicas match against the topics of run " + runId + " or a later one",
                WAIT,
                () -> replicas.stream().allMatch(r -> usesTopicsOf(r, runId)));

        // 3. one customer complains six times at once, spread over both replicas: one alert per topic. The texts are
        // the top reason's own representatives, so that they match it whatever the clustering made of the week.
        List<String> representatives = new ArrayList<>();
        try (Connection c = MariaDbTestResource.connection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT t.representatives FROM topic_reason r JOIN topic_run_topic t ON t.run_id = r.run_id "
                                + "AND t.topic_id = r.topic_id WHERE r.run_id = ? AND r.rank_no = 1")) {
            s.setLong(1, latestRunWithReasons());
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "the run elected a top reason");
                json.readTree(r.getString(1)).forEach(t -> representatives.add(t.asText()));
            }
        }
        List<String> complaints = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            complaints.add(representatives.get(i % representatives.size()));
        }
        List<String> alice = new ArrayList<>();
        for (String text : complaints) {
            alice.add(send(text, "alice", true, Instant.now()));
        }
        producer.flush();
        await(
                "alice's complaints stored",
                WAIT,
                () -> count("SELECT COUNT(*) FROM topic_feedback WHERE user_id = " + "'alice'") == complaints.size());
        await("alice alerted", WAIT, () -> count("SELECT COUNT(*) FROM topic_alert WHERE user_id = 'alice'") > 0);
        Thread.sleep(3000); // let any second alert that would wrongly follow land
        assertEquals(
                0,
                count("SELECT COUNT(*) FROM (SELECT topic_id, dedupe_key FROM topic_alert "
                        + "GROUP BY topic_id, dedupe_key HAVING COUNT(*) > 1) d"),
                "one alert per topic and customer");
        int stored = count("SELECT COUNT(*) FROM topic_alert");
        Map<String, Integer> published = new HashMap<>();
        try (KafkaConsumer<String, String> c = KafkaTestResource.consumer(alertsTopic)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (published.values().stream().mapToInt(Integer::intValue).sum() < stored
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    published.merge(json.readValue(r.value(), AlertEvent.class).alertId(), 1, Integer::sum);
                }
            }
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofSeconds(2))) {
                published.merge(json.readValue(r.value(), AlertEvent.class).alertId(), 1, Integer::sum);
            }
        }
        assertEquals(stored, published.size(), "every stored alert published: " + published);
        assertTrue(published.values().stream().allMatch(v -> v == 1), "each alert published once: " + published);

        // 4. the weekly job ran once per fire time although both replicas schedule it: every scheduled run names a
        // fire time of the cron (a whole 5 s; a late fire under load keeps its fire time) and no fire time twice
        List<Long> fireTimes = new ArrayList<>();
        try (Connection c = MariaDbTestResource.connection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT scheduled_for FROM topic_run WHERE trigger_source = 'schedule' ORDER BY run_id");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                fireTimes.add(
                        r.getTimestamp(1) == null ? -1L : r.getTimestamp(1).getTime());
            }
        }
        assertTrue(fireTimes.size() >= 2, "the schedule fired: " + fireTimes);
        assertTrue(fireTimes.stream().allMatch(t -> t >= 0 && t % 5000 == 0), "fire times of the cron: " + fireTimes);
        assertEquals(fireTimes.size(), fireTimes.stream().distinct().count(), "one run per fire time: " + fireTimes);
        assertEquals(
                0,
                count("SELECT COUNT(*) FROM topic_run WHERE status = 'FAILED'"),
                "a replica's start-up did not fail the other's run");
    }

    /** The replica ran that run (or a later one) itself or loaded its topics (TopicFollower), as its log says. */
    private static boolean usesTopicsOf(ServiceProcess replica, long runId) {
        try {
            String log = Files.readString(replica.logFile());
            for (String line : log.split("\n")) {
                int at = line.indexOf("now uses the topics of run ");
                String rest = at >= 0
                        ? line.substring(at + "now uses the topics of run ".length())
                        : line.contains("Topic run ") && line.contains(" done: ")
                                ? line.substring(line.indexOf("Topic run ") + "Topic run ".length())
                                : null;
                if (rest != null) {
                    String digits = rest.replaceAll("^(\\d+).*$", "$1");
                    if (digits.matches("\\d+")
                            && Long.parseLong(digits) >= runId
                            && (at >= 0 || !line.contains("topics=0,"))) {
                        return true;
                    }
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static long latestRunWithReasons() throws Exception {
        return count("SELECT MAX(run_id) FROM topic_reason");
    }

    private static int count(String sql) throws Exception {
        try (Connection c = MariaDbTestResource.connection();
                PreparedStatement s = c.prepareStatement(sql);
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    private static void await(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(500);
        }
        fail("timed out waiting: " + what);
    }

    @FunctionalInterface
    private interface Check {
        boolean ok() throws Exception;
    }
}
