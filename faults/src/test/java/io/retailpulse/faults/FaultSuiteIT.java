package io.retailpulse.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.common.events.DeadLetterHeaders;
import io.retailpulse.common.events.Topics;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The fault suite: the whole local stack (real Kafka broker, real MariaDB, the four packaged services, started by
 * {@code pulse up}) under what goes wrong in production — poison on every topic, {@code kill -9} of every
 * service mid-stream, a second replica and rebalances, a frozen and a killed database, a killed broker that stays
 * down for minutes — and, because the scenarios run one after the other on one stack, time: the last scenario
 * checks that every consumer still consumes after the stack has been up for many minutes.
 *
 * <p>Each scenario is bounded ({@link Timeout}); the outage length is {@code -Dfaults.outage.seconds} (300).
 * Run: {@code ./mvnw -B -DskipTests install && ./mvnw -B verify -Pfaults -pl faults}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(FaultSuiteIT.ThreadDumpsOnFailure.class)
class FaultSuiteIT {
    /** A failed scenario leaves every service's thread dump in its log (target/stack/logs), taken before down. */
    static final class ThreadDumpsOnFailure implements TestExecutionExceptionHandler {
        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            Stack.SERVICES
                    .keySet()
                    .forEach(service -> Stack.threadDump(service, context.getDisplayName() + " failed: " + failure));
            throw failure;
        }
    }

    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("faults.outage.seconds", 300));
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static Instant stackUp;

    @BeforeAll
    static void up() throws Exception {
        Stack.pulse(Duration.ofMinutes(2), "down");
        Stack.up();
        stackUp = Instant.now();
    }

    @AfterAll
    static void down() throws Exception {
        Stack.pulse(Duration.ofMinutes(2), "down");
    }

    @Test
    @Order(1)
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void poisonOnEveryConsumedTopicIsDeadLetteredWithItsReasonAndTheStreamGoesOn() throws Exception {
        String key = "poison-" + RUN;
        List<byte[]> poison = List.of(
                "{not json".getBytes(StandardCharsets.UTF_8),
                new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}, // not UTF-8
                "null".getBytes(StandardCharsets.UTF_8),
                "{\"id\":42,\"text\":[1,2]}".getBytes(StandardCharsets.UTF_8), // wrong types
                ("{\"source\":\"" + "x".repeat(900_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        List<String> topics = List.of(
                Topics.TRANSACTIONS,
                Topics.SALES_HISTORY,
                Topics.FEEDBACK_RAW,
                Topics.TEXT_SCORED,
                Topics.FEEDBACK_ALERTS);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (String topic : topics) {
                for (byte[] value : poison) {
                    producer.send(new ProducerRecord<>(topic, key, value));
                }
                producer.send(new ProducerRecord<>(topic, key, null)); // a null value
            }
            producer.flush();
        }
        Map<String, List<String>> reasons = new HashMap<>();
        try (KafkaConsumer<String, byte[]> dlq =
                consumer(topics.stream().map(Topics::dlq).toList())) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (Instant.now().isBefore(deadline)
                    && !topics.stream()
                            .allMatch(t -> reasons.getOrDefault(Topics.dlq(t), List.of())
                                            .size()
                                    >= 6)) {
                for (ConsumerRecord<String, byte[]> r : dlq.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key())) {
                        var reason = r.headers().lastHeader(DeadLetterHeaders.REASON);
                        reasons.computeIfAbsent(r.topic(), t -> new ArrayList<>())
                                .add(reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        for (String topic : topics) {
            List<String> got = reasons.getOrDefault(Topics.dlq(topic), List.of());
            assertEquals(6, got.size(), topic + ": dead letters " + got);
            assertTrue(got.stream().noneMatch(String::isBlank), topic + ": a dead letter without a reason " + got);
        }
        // The streams behind the poison go on.
        UploadStream sales = UploadStream.transactions("FP-" + RUN).start(2).await(Duration.ofMinutes(2));
        UploadStream posts = UploadStream.feedback("fp-" + RUN).start(2).await(Duration.ofMinutes(2));
        assertStored(sales, posts);
    }

    @Test
    @Order(2)
    @Timeout(value = 14, unit = TimeUnit.MINUTES)
    void everyServiceKilledMidStreamThenBroughtBackByUpLosesAndDoublesNothing() throws Exception {
        for (String service : List.of("forecasting", "inference", "ingest", "analytics-api")) {
            String tag = "K" + service.substring(0, 3).toUpperCase() + "-" + RUN;
            UploadStream sales = UploadStream.transactions(tag).start(30);
            UploadStream posts = UploadStream.feedback(tag.toLowerCase()).start(12);
            Thread.sleep(3_000);
            long others = otherPids(service);
            Stack.signal(service, "KILL");
            Thread.sleep(2_000);
            Stack.up();
            assertEquals(others, otherPids(service), "up restarted " + service + " and left the rest running");
            sales.await(Duration.ofMinutes(3));
            posts.await(Duration.ofMinutes(3));
            assertStored(sales, posts);
        }
    }

    @Test
    @Order(3)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aSecondForecastingReplicaAndTwoRebalancesMidStreamLoseAndDoubleNothing() throws Exception {
        UploadStream sales = UploadStream.transactions("R-" + RUN).start(40);
        Thread.sleep(2_000);
        Process replica = secondReplica("forecasting", 24084);
        try {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> groupMembers("forecasting-aggregator") == 2);
            Thread.sleep(3_000);
        } finally {
            replica.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9: its partitions move back
        }
        // The broker gives up on the killed member after the consumers' 10 s session timeout, not Kafka's default
        // 45 s: until then its partitions are served by nobody.
        long killed = System.nanoTime();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> groupMembers("forecasting-aggregator") == 1);
        System.out.printf(
                "faults: the killed replica left forecasting-aggregator after %d ms%n",
                (System.nanoTime() - killed) / 1_000_000);
        sales.await(Duration.ofMinutes(3));
        assertStored(sales, null);
    }

    @Test
    @Order(4)
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aFrozenDatabaseGets503sWithRetryAfterProbesStillAnswerAndEverythingResumes() throws Exception {
        UploadStream sales = UploadStream.transactions("DB-" + RUN).start(1_000);
        UploadStream posts = UploadStream.feedback("db-" + RUN).start(1_000);
        Thread.sleep(2_000);
        Stack.signal("mariadb", "STOP");
        try {
            Thread.sleep(5_000);
            for (String service : Stack.SERVICES.keySet()) {
                assertProbeAnswers(service, "/q/health/ready", 503);
                assertProbeAnswers(service, "/q/health/live", 200);
            }
            HttpResponse<String> read = timed(
                    () -> Stack.get("analytics-api", "/api/v1/sales/daily?store=DB-" + RUN, Duration.ofSeconds(10)));
            assertUnavailable(read);
            HttpResponse<String> post = timed(() -> Stack.post(
                    "ingest",
                    "/api/v1/feedback",
                    "application/json",
                    "{\"source\":\"db-probe\",\"externalId\":\"x" + RUN + "\",\"text\":\"hello\","
                            + "\"ts\":\"2026-11-20T10:00:00Z\"}",
                    Duration.ofSeconds(10)));
            assertUnavailable(post);
            Thread.sleep(Math.max(0, 30_000 - 5_000 - 8_000));
        } finally {
            Stack.signal("mariadb", "CONT");
        }
        Thread.sleep(10_000);
        Stack.signal("mariadb", "KILL");
        Thread.sleep(3_000);
        Stack.up();
        Thread.sleep(10_000);
        sales.stop(Duration.ofMinutes(3));
        posts.stop(Duration.ofMinutes(3));
        for (UploadStream s : List.of(sales, posts)) {
            // Every MySQL call made before an upload is handed on is bounded by pulse.database / db-timeout (5 s).
            assertEquals(
                    0,
                    s.unanswered(),
                    s + ": requests without an answer within " + UploadStream.ANSWER_WITHIN.toSeconds()
                            + " s while MySQL was frozen");
        }
        assertStored(sales, posts);
        for (String service : Stack.SERVICES.keySet()) {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertProbeAnswers(service, "/q/health/ready", 200));
        }
    }

    @Test
    @Order(5)
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void aBrokerKilledMidUploadAndDownForMinutesAnswersEveryUploadAndLosesNothing() throws Exception {
        UploadStream sales = UploadStream.transactions("BK-" + RUN).start(100_000);
        UploadStream posts = UploadStream.feedback("bk-" + RUN).start(100_000);
        Thread.sleep(3_000);
        Stack.signal("kafka", "KILL");
        Instant back = Instant.now().plus(OUTAGE);
        while (Instant.now().isBefore(back)) {
            Thread.sleep(5_000);
            assertProbeAnswers("ingest", "/q/health/live", 200);
        }
        Stack.up();
        Thread.sleep(15_000);
        sales.stop(Duration.ofMinutes(4));
        posts.stop(Duration.ofMinutes(4));
        for (UploadStream s : List.of(sales, posts)) {
            assertEquals(
                    0,
                    s.unanswered(),
                    s + ": requests without an answer within " + UploadStream.ANSWER_WITHIN.toSeconds()
                            + " s during the outage");
            assertEquals(0, s.missingRetryAfter(), s.toString());
        }
        assertStored(sales, posts);
    }

    @Test
    @Order(6)
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void everyConsumerStillConsumesAfterTheStackHasBeenUpForMinutes() throws Exception {
        Duration up = Duration.between(stackUp, Instant.now());
        if (up.compareTo(Duration.ofMinutes(5)) < 0) {
            Thread.sleep(Duration.ofMinutes(5).minus(up).toMillis());
        }
        UploadStream sales = UploadStream.transactions("T-" + RUN).start(3).await(Duration.ofMinutes(2));
        UploadStream posts = UploadStream.feedback("t-" + RUN).start(3).await(Duration.ofMinutes(2));
        assertStored(sales, posts);
        for (String service : Stack.SERVICES.keySet()) {
            assertProbeAnswers(service, "/q/health/ready", 200);
        }
        // Everything consumed is committed: no group lags behind, so a restart replays nothing.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertEquals(0, lag("forecasting-aggregator", Topics.TRANSACTIONS));
            assertEquals(0, lag("forecasting-history", Topics.SALES_HISTORY));
        });
        for (String service : Stack.SERVICES.keySet()) {
            Path log = Stack.STATE.resolve("logs").resolve(service + ".log");
            if (Files.exists(log)) {
                assertFalse(
                        Files.readString(log).contains("TooManyMessagesWithoutAckException"),
                        service + " has a channel that stopped acknowledging");
            }
        }
    }

    // --- what "nothing lost, nothing doubled" means in MySQL

    private static void assertStored(UploadStream sales, UploadStream posts) {
        for (UploadStream s : posts == null ? List.of(sales) : List.of(sales, posts)) {
            System.out.println("faults: " + s);
            assertEquals(List.of(), s.problems(), s.toString());
        }
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    try (Connection db = Stack.db()) {
                        assertEquals(
                                List.of((long) sales.rows(), sales.units()),
                                longs(
                                        db,
                                        "SELECT COUNT(*), COALESCE(SUM(quantity), 0) FROM sales_transaction WHERE store_id = ?",
                                        sales.name),
                                sales + ": stored transactions and units");
                        assertEquals(
                                List.of(sales.units(), (long) sales.rows()),
                                longs(
                                        db,
                                        "SELECT COALESCE(SUM(units), 0), COALESCE(SUM(transactions), 0) FROM daily_sales "
                                                + "WHERE store_id = ?",
                                        sales.name),
                                sales + ": daily totals");
                        if (posts != null) {
                            assertEquals(
                                    List.of((long) posts.rows()),
                                    longs(db, "SELECT COUNT(*) FROM text_sentiment WHERE source = ?", posts.name),
                                    posts + ": scored posts");
                        }
                    }
                });
    }

    private static List<Long> longs(Connection db, String sql, String parameter) throws Exception {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                List<Long> values = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(rs.getLong(i));
                }
                return values;
            }
        }
    }

    // --- probes and answers

    private static void assertProbeAnswers(String service, String probe, int status) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = Stack.get(service, probe, Duration.ofSeconds(5));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis <= 3_000, service + probe + " took " + millis + " ms");
        assertEquals(status, r.statusCode(), service + probe + ": " + r.body());
    }

    private static void assertUnavailable(HttpResponse<String> r) {
        assertEquals(503, r.statusCode(), r.uri() + ": " + r.body());
        assertTrue(r.headers().firstValue("Retry-After").isPresent(), r.uri() + " 503 without Retry-After");
        assertTrue(
                r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                r.uri() + ": " + r.headers().map());
        assertFalse(
                r.body().matches("(?s).*\\b(io|java|org|com)\\.[a-z]+\\.[A-Za-z.]+Exception.*"),
                r.uri() + " leaks an exception class: " + r.body());
    }

    private interface Call {
        HttpResponse<String> call() throws Exception;
    }

    /** The answer, which must come within {@link UploadStream#ANSWER_WITHIN}. */
    private static HttpResponse<String> timed(Call call) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = call.call();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis <= UploadStream.ANSWER_WITHIN.toMillis(), r.uri() + " answered after " + millis + " ms");
        return r;
    }

    // --- processes

    /** Sum of the PIDs of every other component, to tell whether {@code up} restarted any of them. */
    private static long otherPids(String except) throws Exception {
        long sum = 0;
        for (String c : List.of("kafka", "mariadb", "analytics-api", "ingest", "inference", "forecasting")) {
            if (!c.equals(except)) {
                sum += Stack.pid(c);
            }
        }
        return sum;
    }

    /** A copy of a running service (same command line and environment) on another port: a second replica. */
    private static Process secondReplica(String service, int port) throws Exception {
        long pid = Stack.pid(service);
        List<String> command = new ArrayList<>(
                List.of(new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                        .split("\0")));
        Map<String, String> env = new HashMap<>();
        for (String entry : new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8)
                .split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(Path.of("/proc/" + pid + "/cwd").toRealPath().toFile())
                .redirectErrorStream(true)
                .redirectOutput(Stack.ROOT
                        .resolve("faults/target/" + service + "-replica.log")
                        .toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder.start();
    }

    // --- Kafka

    private static Properties kafka() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrap());
        return p;
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = kafka();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20);
        return new KafkaProducer<>(p);
    }

    private static KafkaConsumer<String, byte[]> consumer(List<String> topics) {
        Properties p = kafka();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "faults-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
        consumer.subscribe(topics);
        return consumer;
    }

    private static int groupMembers(String group) throws Exception {
        try (Admin admin = Admin.create(kafka())) {
            return admin.describeConsumerGroups(List.of(group))
                    .all()
                    .get()
                    .get(group)
                    .members()
                    .size();
        }
    }

    /** Records on {@code topic} that {@code group} has not committed yet. */
    /**
     * Records a restart of {@code group} would consume again: read from its committed offsets to the end with
     * {@code read_committed}. Not end offset minus committed offset: ingest writes transactionally, and the
     * commit marker after the last record takes an offset that no consumer ever commits past.
     */
    private static long lag(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try (Admin admin = Admin.create(kafka())) {
            committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
        }
        Properties p = kafka();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(partitions);
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                if (c == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, c.offset());
                }
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long replayed = 0;
            Instant until = Instant.now().plusSeconds(20);
            while (Instant.now().isBefore(until)
                    && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                replayed += consumer.poll(Duration.ofMillis(500)).count();
            }
            return replayed;
        }
    }
}
