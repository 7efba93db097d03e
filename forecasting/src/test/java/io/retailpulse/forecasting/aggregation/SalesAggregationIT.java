package io.retailpulse.forecasting.aggregation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.retailpulse.common.events.DeadLetterHeaders;
import io.retailpulse.common.events.SalesHistoryEvent;
import io.retailpulse.common.events.Topics;
import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.stack.testing.KafkaTestResource;
import io.retailpulse.stack.testing.MariaDbTestResource;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Through a real Kafka broker and a real MariaDB: transactions in, exact idempotent daily totals out. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MariaDbTestResource.class)
class SalesAggregationIT {
    private static final LocalDate DAY = LocalDate.of(2024, 5, 1);

    @Inject
    ObjectMapper mapper;

    private KafkaProducer<String, String> producer;
    private String store;

    @BeforeEach
    void setUp() {
        producer = KafkaTestResource.producer();
        store = "S-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        producer.close();
    }

    private TransactionEvent tx(String id, String product, LocalDate day, long quantity, String price) {
        return new TransactionEvent(
                id,
                day.atTime(12, 0).toInstant(java.time.ZoneOffset.UTC),
                day,
                store,
                product,
                quantity,
                new BigDecimal(price),
                "test",
                Instant.now());
    }

    private void send(List<TransactionEvent> events) throws Exception {
        for (TransactionEvent e : events) {
            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, e.key(), mapper.writeValueAsString(e)));
        }
        producer.flush();
    }

    private static String reason(ConsumerRecord<String, String> deadLetter) {
        return new String(
                deadLetter.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8);
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers()))) {
            return admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
        }
    }

    /** units, revenue, transactions of one day, or null. */
    private List<Object> day(String product, LocalDate date) throws SQLException {
        try (Connection c = MariaDbTestResource.connection();
                var ps = c.prepareStatement("SELECT units, revenue, transactions FROM daily_sales "
                        + "WHERE store_id = ? AND product_id = ? AND sale_date = ?")) {
            ps.setString(1, store);
            ps.setString(2, product);
            ps.setObject(3, date);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? List.of(
                                rs.getLong(1),
                                rs.getBigDecimal(2).stripTrailingZeros().toPlainString(),
                                rs.getInt(3))
                        : null;
            }
        }
    }

    @Test
    void aggregatesDailyUnitsAndRevenueAndCountsAResentTransactionOnce() throws Exception {
        List<TransactionEvent> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(tx(store + "-a" + i, "P1", DAY, 2, "1.25")); // 100 units, 125.00
        }
        batch.add(tx(store + "-b1", "P2", DAY, 3, "0.3333"));
        batch.add(tx(store + "-c1", "P1", DAY.plusDays(1), 7, "10"));
        send(batch);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(List.of(100L, "125", 50), day("P1", DAY));
            assertEquals(List.of(3L, "0.9999", 1), day("P2", DAY));
            assertEquals(List.of(7L, "70", 1), day("P1", DAY.plusDays(1)));
        });

        // The same transactions again, plus one late transaction for the first day.
        List<TransactionEvent> again = new ArrayList<>(batch);
        again.add(tx(store + "-late", "P1", DAY, 1, "5"));
        send(again);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertEquals(List.of(101L, "130", 51), day("P1", DAY)));
        assertEquals(List.of(3L, "0.9999", 1), day("P2", DAY));
        assertEquals(List.of(7L, "70", 1), day("P1", DAY.plusDays(1)));
    }

    @Test
    void aggregatesABurstTouchingThousandsOfDaysAndStaysReady() throws Exception {
        List<TransactionEvent> burst = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            burst.add(tx(store + "-burst" + i, "B" + (i % 20), DAY.minusDays(i / 20), 1 + i % 3, "2"));
        }
        // Hold every record in the producer until flush, so the consumer gets the burst in one or two polls.
        Properties p = KafkaTestResource.producerProperties();
        p.put(ProducerConfig.LINGER_MS_CONFIG, 60_000);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 4 << 20);
        try (KafkaProducer<String, String> batching = new KafkaProducer<>(p)) {
            for (TransactionEvent e : burst) {
                batching.send(new ProducerRecord<>(Topics.TRANSACTIONS, e.key(), mapper.writeValueAsString(e)));
            }
            batching.flush();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            try (Connection c = MariaDbTestResource.connection();
                    var ps = c.prepareStatement("SELECT COUNT(*), SUM(units) FROM daily_sales WHERE store_id = ?")) {
                ps.setString(1, store);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(2000, rs.getInt(1));
                    assertEquals(
                            burst.stream().mapToLong(TransactionEvent::quantity).sum(), rs.getLong(2));
                }
            }
        });
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void ignoresRecordsOfAnAbortedKafkaTransaction() throws Exception {
        Properties p = KafkaTestResource.producerProperties();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + store);
        try (KafkaProducer<String, String> transactional = new KafkaProducer<>(p)) {
            transactional.initTransactions();
            transactional.beginTransaction();
            TransactionEvent aborted = tx(store + "-aborted", "P1", DAY, 50, "1");
            transactional.send(
                    new ProducerRecord<>(Topics.TRANSACTIONS, aborted.key(), mapper.writeValueAsString(aborted)));
            transactional.flush();
            transactional.abortTransaction();
            transactional.beginTransaction();
            TransactionEvent committed = tx(store + "-committed", "P1", DAY, 3, "1");
            transactional.send(
                    new ProducerRecord<>(Topics.TRANSACTIONS, committed.key(), mapper.writeValueAsString(committed)));
            transactional.commitTransaction();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(List.of(3L, "3", 1), day("P1", DAY)));
    }

    @Test
    void publishesRecomputedDayTotals() throws Exception {
        try (KafkaConsumer<String, String> consumer = KafkaTestResource.consumer(Topics.SALES_DAILY)) {
            send(List.of(tx(store + "-x1", "P9", DAY, 4, "2.5"), tx(store + "-x2", "P9", DAY, 1, "2.5")));
            List<ConsumerRecord<String, String>> mine = poll(
                    consumer, r -> r.key().equals(store + "|P9"), r -> r.value().contains("\"units\":5"));
            Map<?, ?> total = mapper.readValue(mine.get(mine.size() - 1).value(), Map.class);
            assertEquals(5, total.get("units"));
            assertEquals(12.5, ((Number) total.get("revenue")).doubleValue());
            assertEquals("2024-05-01", total.get("date"));
        }
    }

    @Test
    void deadLettersARecordThatCannotBeAggregatedAndGoesOn() throws Exception {
        try (KafkaConsumer<String, String> consumer = KafkaTestResource.consumer(Topics.dlq(Topics.TRANSACTIONS))) {
            String key = store + "|P1";
            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, key, "{not json"));
            TransactionEvent negative = tx(store + "-neg", "P1", DAY, -5, "1");
            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, key, mapper.writeValueAsString(negative)));
            send(List.of(tx(store + "-ok", "P1", DAY, 1, "1")));

            List<ConsumerRecord<String, String>> dead =
                    poll(consumer, r -> key.equals(r.key()), r -> r.value().contains("-neg"));
            assertEquals(2, dead.size());
            assertEquals(
                    "quantity is negative",
                    new String(
                            dead.get(1)
                                    .headers()
                                    .lastHeader(DeadLetterHeaders.REASON)
                                    .value(),
                            StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertEquals(List.of(1L, "1", 1), day("P1", DAY)));
        }
    }

    @Test
    void commitsTheOffsetsOfEveryStoredBatchSoARestartDoesNotReplayTheTopic() throws Exception {
        // Without acknowledgement nothing is ever committed: the channel fails after 60 s and every start
        // replays the topic from offset 0.
        Map<TopicPartition, Long> last = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            TransactionEvent e = tx(store + "-commit" + i, "C" + i, DAY, 1, "1");
            RecordMetadata m = producer.send(
                            new ProducerRecord<>(Topics.TRANSACTIONS, e.key(), mapper.writeValueAsString(e)))
                    .get();
            last.merge(new TopicPartition(m.topic(), m.partition()), m.offset(), Math::max);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = committed("forecasting-aggregator");
            last.forEach((partition, offset) -> {
                OffsetAndMetadata c = committed.get(partition);
                assertTrue(c != null && c.offset() > offset, partition + " committed " + c + ", last sent " + offset);
            });
        });
    }

    @Test
    void commitsTheOffsetsOfStoredSalesHistory() throws Exception {
        SalesHistoryEvent h = new SalesHistoryEvent(store, "H1", DAY, 4, null, "test", Instant.now());
        RecordMetadata m = producer.send(
                        new ProducerRecord<>(Topics.SALES_HISTORY, h.key(), mapper.writeValueAsString(h)))
                .get();
        TopicPartition partition = new TopicPartition(m.topic(), m.partition());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            OffsetAndMetadata c = committed("forecasting-history").get(partition);
            assertTrue(c != null && c.offset() > m.offset(), partition + " committed " + c + ", sent " + m.offset());
        });
    }

    @Test
    void deadLettersPoisonRecordsWithTheirReasonAndStoresTheRestOfTheirBatch() throws Exception {
        String key = store + "|P1";
        TransactionEvent before = tx(store + "-before", "P1", DAY, 2, "1");
        TransactionEvent oversized = new TransactionEvent(
                store + "-huge",
                before.ts(),
                DAY,
                store,
                "P1",
                5,
                new BigDecimal("1"),
                "x".repeat(900_000),
                Instant.now());
        // Passes every check of the reader, but its day's revenue does not fit DECIMAL(20,4): MySQL refuses it.
        TransactionEvent overflow = tx(store + "-overflow", "P2", DAY, 1_000_000_000_000_000L, "9999");
        TransactionEvent after = tx(store + "-after", "P1", DAY, 3, "1");
        byte[] notUtf8 = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        Properties p = KafkaTestResource.producerProperties();
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 60_000);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 4 << 20);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
        try (KafkaConsumer<String, String> dlq = KafkaTestResource.consumer(Topics.dlq(Topics.TRANSACTIONS));
                KafkaProducer<String, byte[]> bytes = new KafkaProducer<>(p)) {
            // One key, so one partition and (held back by the linger) one consumed batch.
            for (Object value : List.of(
                    before, "{not json", oversized, notUtf8, "null", "{\"quantity\":\"many\"}", overflow, after)) {
                byte[] v = value instanceof byte[] b
                        ? b
                        : value instanceof String str
                                ? str.getBytes(StandardCharsets.UTF_8)
                                : mapper.writeValueAsBytes(value);
                bytes.send(new ProducerRecord<>(Topics.TRANSACTIONS, key, v));
            }
            bytes.send(new ProducerRecord<>(Topics.TRANSACTIONS, key, null));
            bytes.flush();

            // Records the reader refuses are dead-lettered first, in order; the one MySQL refuses after them.
            List<ConsumerRecord<String, String>> dead =
                    poll(dlq, r -> key.equals(r.key()), r -> reason(r).startsWith("MySQL refused"));
            List<String> reasons = dead.stream().map(SalesAggregationIT::reason).toList();
            assertEquals(7, reasons.size(), reasons.toString());
            assertTrue(reasons.get(0).startsWith("not a TransactionEvent JSON"), reasons.get(0));
            assertEquals("source is longer than 32 characters", reasons.get(1));
            assertEquals("record value is not valid UTF-8", reasons.get(2));
            assertEquals("record value is JSON null", reasons.get(3));
            assertTrue(reasons.get(4).startsWith("not a TransactionEvent JSON"), reasons.get(4));
            assertEquals("empty record value", reasons.get(5));
            assertTrue(reasons.get(6).contains("revenue"), reasons.get(6));
            assertTrue(dead.get(6).value().contains(store + "-overflow"));
            assertTrue(dead.get(1).value().length() > 900_000, "the dead letter holds the whole record");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(List.of(5L, "5", 2), day("P1", DAY)));
        assertNull(day("P2", DAY));
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    /** Records matching {@code filter} until one matches {@code until} (30 s at most). */
    private static List<ConsumerRecord<String, String>> poll(
            KafkaConsumer<String, String> consumer,
            java.util.function.Predicate<ConsumerRecord<String, String>> filter,
            java.util.function.Predicate<ConsumerRecord<String, String>> until) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.key() != null && filter.test(r)) {
                    seen.add(r);
                    if (until.test(r)) {
                        return seen;
                    }
                }
            }
        }
        throw new AssertionError("expected record not seen in 30 s; matching records: " + seen.size());
    }
}
