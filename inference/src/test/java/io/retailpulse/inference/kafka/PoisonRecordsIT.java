package io.retailpulse.inference.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.retailpulse.common.events.DeadLetterHeaders;
import io.retailpulse.common.events.FeedbackEvent;
import io.retailpulse.common.events.ScoredTextEvent;
import io.retailpulse.common.events.Topics;
import io.retailpulse.inference.testing.NlpProfile;
import io.retailpulse.inference.testing.WebhookStub;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Poison on both topics inference consumes with a database write ({@code feedback.raw} and {@code text.scored}),
 * through a real broker and MariaDB: each kind of bad record goes to the topic's dead-letter twin byte for byte
 * with the reason, a good record sent right after it is stored; a row MySQL refuses for its data is isolated from
 * its batch; a database outage longer than a minute is waited out, not dead-lettered.
 */
@QuarkusTest
@TestProfile(NlpProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
@QuarkusTestResource(WebhookStub.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonRecordsIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String GOOD_TEXT = "The delivery was late again and nobody answered the phone";

    @Inject
    ObjectMapper mapper;

    private KafkaProducer<String, byte[]> producer;
    private DeadLetterReader feedbackDlq;
    private DeadLetterReader scoredDlq;

    @BeforeAll
    void setUp() {
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaTestResource.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer());
        feedbackDlq = new DeadLetterReader(Topics.dlq(Topics.FEEDBACK_RAW));
        scoredDlq = new DeadLetterReader(Topics.dlq(Topics.TEXT_SCORED));
    }

    @AfterAll
    void tearDown() {
        producer.close(Duration.ofSeconds(5));
        feedbackDlq.close();
        scoredDlq.close();
    }

    /** A kind of poison: its name, how to make the value from a good event as a JSON tree, the reason expected. */
    record Poison(String name, Function<ObjectNode, byte[]> value, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Poison> feedbackPoison() {
        return Stream.of(
                new Poison("a null value", n -> null, "record has no value (null)"),
                new Poison(
                        "bytes that are not UTF-8",
                        n -> {
                            byte[] good =
                                    utf8(n.put("text", "caf\u00e9 was cold").toString());
                            byte[] bad = Arrays.copyOf(good, good.length);
                            int at = indexOf(bad, (byte) 0xC3);
                            bad[at + 1] = (byte) 0x28; // 0xC3 0x28: a lead byte without its continuation
                            return bad;
                        },
                        "value is not valid UTF-8 (bad byte 0xC3 at offset"),
                new Poison(
                        "malformed JSON",
                        n -> utf8("{\"eventId\": \"x\", \"text\": "),
                        "unreadable FeedbackEvent JSON"),
                new Poison(
                        "trailing garbage after the JSON",
                        n -> utf8(n.toString() + " {\"more\":1}"),
                        "unreadable FeedbackEvent JSON"),
                new Poison(
                        "a number where text belongs",
                        n -> utf8(n.put("text", 12345).toString()),
                        "unreadable FeedbackEvent JSON"),
                new Poison(
                        "a source longer than its column",
                        n -> utf8(n.put("source", "s".repeat(65)).toString()),
                        "source has 65 characters, at most 64"),
                new Poison(
                        "a userId longer than its column",
                        n -> utf8(n.put("userId", "u".repeat(129)).toString()),
                        "userId has 129 characters, at most 128"),
                new Poison(
                        "a product id in the metadata longer than its column",
                        n -> {
                            n.putObject("metadata").put("product_id", "p".repeat(129));
                            return utf8(n.toString());
                        },
                        "metadata.product_id has 129 characters, at most 128"),
                new Poison(
                        "a ts outside DATETIME",
                        n -> utf8(n.put("ts", "+12000-01-01T00:00:00Z").toString()),
                        "ts +12000-01-01T00:00:00Z is outside 1000-01-01..9999-12-31"),
                new Poison(
                        "an unpaired surrogate",
                        n -> utf8(n.toString().replace(GOOD_TEXT, "\\ud800 " + GOOD_TEXT)),
                        "text has an unpaired UTF-16 surrogate at index 0"),
                new Poison(
                        "a 900 KB field",
                        n -> utf8(n.put("source", "s".repeat(900 * 1024)).toString()),
                        "record value has 921"));
    }

    static Stream<Poison> scoredPoison() {
        return Stream.of(
                new Poison("a null value", n -> null, "record has no value (null)"),
                new Poison(
                        "bytes that are not UTF-8",
                        n -> {
                            byte[] good = utf8(n.toString());
                            byte[] bad = Arrays.copyOf(good, good.length + 1);
                            bad[good.length - 1] = (byte) 0xFF; // replaces the closing brace
                            bad[good.length] = '}';
                            return bad;
                        },
                        "value is not valid UTF-8 (bad byte 0xFF at offset"),
                new Poison("malformed JSON", n -> utf8("{not json"), "unreadable ScoredTextEvent JSON"),
                new Poison(
                        "trailing garbage after the JSON",
                        n -> utf8(n.toString() + "]"),
                        "unreadable ScoredTextEvent JSON"),
                new Poison(
                        "a boolean where text belongs",
                        n -> utf8(n.put("source", true).toString()),
                        "unreadable ScoredTextEvent JSON"),
                new Poison("a null score", n -> utf8(n.putNull("score").toString()), "unreadable ScoredTextEvent JSON"),
                new Poison(
                        "a source longer than its column",
                        n -> utf8(n.put("source", "s".repeat(65)).toString()),
                        "source has 65 characters, at most 64"),
                new Poison(
                        "a userId longer than its column",
                        n -> utf8(n.put("userId", "u".repeat(129)).toString()),
                        "userId has 129 characters, at most 128"),
                new Poison(
                        "an event id longer than its column",
                        n -> utf8(n.put("eventId", "e".repeat(65)).toString()),
                        "eventId has 65 characters, at most 64"),
                new Poison(
                        "a text over TEXT's 65535 bytes",
                        n -> utf8(n.put("text", "\u20ac".repeat(21_846)).toString()),
                        "text has 65538 bytes of UTF-8, at most 65535"),
                new Poison(
                        "a ts outside DATETIME",
                        n -> utf8(n.put("ts", "0999-12-31T23:59:59Z").toString()),
                        "ts 0999-12-31T23:59:59Z is outside 1000-01-01..9999-12-31"));
    }

    private FeedbackEvent feedback(String text) {
        String id = "poison-" + UUID.randomUUID();
        return new FeedbackEvent(
                id,
                Instant.parse("2026-11-30T10:15:30Z"),
                "review",
                id,
                "user-1",
                "en",
                text,
                List.of("web"),
                Map.of(),
                Instant.now());
    }

    private ScoredTextEvent scored(String source, String text) {
        String id = "poison-" + UUID.randomUUID();
        return new ScoredTextEvent(
                id,
                Instant.parse("2026-11-30T10:15:30Z"),
                source,
                "user-1",
                text,
                "negative",
                0.9,
                Map.of("negative", 0.9, "neutral", 0.05, "positive", 0.05),
                "pulse-text",
                "1",
                Instant.now(),
                List.of(),
                null,
                null,
                List.of(),
                Map.of());
    }

    @ParameterizedTest(name = "feedback.raw: {0}")
    @MethodSource("feedbackPoison")
    void poisonOnFeedbackRawIsDeadLetteredWithItsReasonAndTheNextRecordIsScored(Poison poison) throws Exception {
        FeedbackEvent bad = feedback(GOOD_TEXT);
        byte[] value = poison.value().apply(mapper.valueToTree(bad));
        send(Topics.FEEDBACK_RAW, bad.eventId(), value);
        FeedbackEvent good = feedback(GOOD_TEXT);
        send(Topics.FEEDBACK_RAW, good.eventId(), mapper.writeValueAsBytes(good));

        ConsumerRecord<String, byte[]> dead = feedbackDlq.await(bad.eventId());
        assertTrue(
                reason(dead).startsWith(poison.reason()) || reason(dead).contains(poison.reason()),
                () -> "reason: " + reason(dead));
        assertEquals(Topics.FEEDBACK_RAW, header(dead, DeadLetterHeaders.SOURCE).replaceAll("-\\d+@\\d+$", ""));
        assertArrayEquals(
                value == null ? new byte[0] : value, dead.value(), "the dead letter is the record as it came");
        await().atMost(WAIT).until(() -> count("text_sentiment", good.eventId()) == 1);
        assertEquals(0, count("text_sentiment", bad.eventId()));
    }

    @ParameterizedTest(name = "text.scored: {0}")
    @MethodSource("scoredPoison")
    void poisonOnTextScoredIsDeadLetteredWithItsReasonAndTheNextRecordIsStored(Poison poison) throws Exception {
        ScoredTextEvent bad = scored("review", GOOD_TEXT);
        byte[] value = poison.value().apply(mapper.valueToTree(bad));
        send(Topics.TEXT_SCORED, bad.eventId(), value);
        ScoredTextEvent good = scored("review", GOOD_TEXT);
        send(Topics.TEXT_SCORED, good.eventId(), mapper.writeValueAsBytes(good));

        ConsumerRecord<String, byte[]> dead = scoredDlq.await(bad.eventId());
        assertTrue(
                reason(dead).startsWith(poison.reason()) || reason(dead).contains(poison.reason()),
                () -> "reason: " + reason(dead));
        assertArrayEquals(
                value == null ? new byte[0] : value, dead.value(), "the dead letter is the record as it came");
        await().atMost(WAIT).until(() -> count("topic_feedback", good.eventId()) == 1);
        assertEquals(0, count("topic_feedback", bad.eventId()));
    }

    /**
     * A constraint the consumer does not know (as after a schema change; a CHECK, so rows already stored do not
     * matter): MySQL refuses that one row, it goes to the dead-letter topic with MySQL's reason, and the rows sent
     * around it, likely in the same poll, are stored.
     */
    @Test
    void aRowMysqlRefusesIsDeadLetteredAndTheRestOfItsBatchIsStored() throws Exception {
        sql("ALTER TABLE topic_feedback ADD CONSTRAINT poison_probe CHECK (source <> 'refused-by-check')");
        sql(
                "ALTER TABLE text_sentiment ADD CONSTRAINT poison_probe CHECK (user_id IS NULL OR user_id <> 'refused-by-check')");
        try {
            List<ScoredTextEvent> scored = List.of(
                    scored("web", "first " + GOOD_TEXT),
                    scored("refused-by-check", "second " + GOOD_TEXT),
                    scored("web", "third " + GOOD_TEXT));
            List<FeedbackEvent> feedback = new ArrayList<>();
            for (String user : List.of("u-1", "refused-by-check", "u-3")) {
                FeedbackEvent f = feedback(GOOD_TEXT);
                feedback.add(new FeedbackEvent(
                        f.eventId(),
                        f.ts(),
                        f.source(),
                        f.externalId(),
                        user,
                        f.lang(),
                        f.text(),
                        f.tags(),
                        f.metadata(),
                        f.ingestedAt()));
            }
            for (int i = 0; i < 3; i++) {
                send(Topics.TEXT_SCORED, scored.get(i).eventId(), mapper.writeValueAsBytes(scored.get(i)));
                send(Topics.FEEDBACK_RAW, feedback.get(i).eventId(), mapper.writeValueAsBytes(feedback.get(i)));
            }
            String scoredReason = reason(scoredDlq.await(scored.get(1).eventId()));
            assertTrue(
                    scoredReason.startsWith("MySQL refused the row: CONSTRAINT `poison_probe` failed")
                            && scoredReason.endsWith("SQLSTATE 23000)"),
                    scoredReason);
            String feedbackReason = reason(feedbackDlq.await(feedback.get(1).eventId()));
            assertTrue(
                    feedbackReason.startsWith("MySQL refused the row: CONSTRAINT `poison_probe` failed"),
                    feedbackReason);
            for (int i : new int[] {0, 2}) {
                String scoredId = scored.get(i).eventId();
                String feedbackId = feedback.get(i).eventId();
                await().atMost(WAIT)
                        .until(() ->
                                count("topic_feedback", scoredId) == 1 && count("text_sentiment", feedbackId) == 1);
            }
            assertEquals(0, count("topic_feedback", scored.get(1).eventId()));
            assertEquals(0, count("text_sentiment", feedback.get(1).eventId()));
        } finally {
            sql("ALTER TABLE topic_feedback DROP CONSTRAINT poison_probe");
            sql("ALTER TABLE text_sentiment DROP CONSTRAINT poison_probe");
        }
    }

    /**
     * Both tables gone for 70 s (longer than the throttled commit strategy's 60 s and than the old retry budget):
     * nothing is dead-lettered, both records are stored once the tables are back, and the channels still consume.
     */
    @Test
    void aDatabaseOutageOfOverAMinuteIsWaitedOutNotDeadLettered() throws Exception {
        sql("RENAME TABLE text_sentiment TO text_sentiment_away, topic_feedback TO topic_feedback_away");
        FeedbackEvent during = feedback("during the outage: " + GOOD_TEXT);
        ScoredTextEvent scoredDuring = scored("web", "during the outage: " + GOOD_TEXT);
        try {
            send(Topics.FEEDBACK_RAW, during.eventId(), mapper.writeValueAsBytes(during));
            send(Topics.TEXT_SCORED, scoredDuring.eventId(), mapper.writeValueAsBytes(scoredDuring));
            TimeUnit.SECONDS.sleep(70);
        } finally {
            sql("RENAME TABLE text_sentiment_away TO text_sentiment, topic_feedback_away TO topic_feedback");
        }
        await().atMost(WAIT)
                .until(() -> count("text_sentiment", during.eventId()) == 1
                        && count("topic_feedback", scoredDuring.eventId()) == 1);
        FeedbackEvent after = feedback("after the outage: " + GOOD_TEXT);
        send(Topics.FEEDBACK_RAW, after.eventId(), mapper.writeValueAsBytes(after));
        await().atMost(WAIT)
                .until(() ->
                        count("text_sentiment", after.eventId()) == 1 && count("topic_feedback", after.eventId()) == 1);
        assertTrue(feedbackDlq.keys().stream().noneMatch(k -> k.equals(during.eventId())), "not dead-lettered");
        assertTrue(scoredDlq.keys().stream().noneMatch(k -> k.equals(scoredDuring.eventId())), "not dead-lettered");
    }

    private void send(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }

    private static String reason(ConsumerRecord<String, byte[]> r) {
        return header(r, DeadLetterHeaders.REASON);
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException("no byte " + b);
    }

    private static long count(String table, String eventId) throws Exception {
        try (Connection c = MariaDbTestResource.connection();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE event_id = ?")) {
            s.setString(1, eventId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = MariaDbTestResource.connection();
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** Everything a dead-letter topic received, as raw bytes, accumulated over polls. */
    static final class DeadLetterReader implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

        DeadLetterReader(String topic) {
            consumer = new KafkaConsumer<>(
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            KafkaTestResource.bootstrapServers(),
                            ConsumerConfig.GROUP_ID_CONFIG,
                            "dlq-" + UUID.randomUUID(),
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                            "earliest"),
                    new StringDeserializer(),
                    new ByteArrayDeserializer());
            consumer.subscribe(List.of(topic));
        }

        ConsumerRecord<String, byte[]> await(String key) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : poll()) {
                    if (key.equals(r.key())) {
                        return r;
                    }
                }
            }
            throw new AssertionError("no dead letter for " + key + " in " + WAIT);
        }

        List<String> keys() {
            return poll().stream().map(ConsumerRecord::key).toList();
        }

        private List<ConsumerRecord<String, byte[]>> poll() {
            consumer.poll(Duration.ofMillis(300)).forEach(seen::add);
            return seen;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
