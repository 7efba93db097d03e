package io.retailpulse.ingest.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.events.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class RecordsTest {
    private final Records records = new Records(new ObjectMapper());

    @Test
    void aDeadLetterOfAHugeInputKeepsItsFirst64KiBAndSaysHowLargeItWas() {
        // "é" is 2 bytes: 'a' + 40,000 × "é" puts a character across the 64 KiB mark
        String raw = "a" + "é".repeat(40_000) + "END";
        int size = raw.getBytes(StandardCharsets.UTF_8).length;

        ProducerRecord<String, byte[]> dead = records.deadLetter("feedback.raw.dlq", raw, null, "text too long", "api");

        assertTrue(dead.value().length <= Records.MAX_DEAD_LETTER_BYTES, dead.value().length + " bytes");
        assertTrue(dead.value().length >= Records.MAX_DEAD_LETTER_BYTES - 3, "cut only to a character boundary");
        String kept = new String(dead.value(), StandardCharsets.UTF_8);
        assertTrue(raw.startsWith(kept), "the kept part is the input's beginning, no character broken");
        assertEquals(
                Integer.toString(size),
                new String(
                        dead.headers()
                                .lastHeader(DeadLetterHeaders.ORIGINAL_BYTES)
                                .value(),
                        StandardCharsets.UTF_8));
        assertEquals(
                "text too long",
                new String(dead.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8));
    }

    @Test
    void aDeadLetterOfAnOrdinaryInputIsTheWholeInputWithoutASizeHeader() {
        String raw = "T1,2024-05-01T10:00:00Z,S1,P1,-2,1.00";

        ProducerRecord<String, byte[]> dead = records.deadLetter("retail.transactions.dlq", raw, 7L, "negative", "csv");

        assertArrayEquals(raw.getBytes(StandardCharsets.UTF_8), dead.value());
        assertNull(dead.headers().lastHeader(DeadLetterHeaders.ORIGINAL_BYTES));
        assertEquals(
                "7",
                new String(dead.headers().lastHeader(DeadLetterHeaders.LINE).value(), StandardCharsets.UTF_8));
    }

    @Test
    void aHugeReasonIsCutSoTheHeadersStaySmall() {
        ProducerRecord<String, byte[]> dead = records.deadLetter("x.dlq", "raw", null, "r".repeat(100_000), "api");

        assertTrue(dead.headers().lastHeader(DeadLetterHeaders.REASON).value().length < 2 * Records.MAX_REASON_CHARS);
    }

    @Test
    void aRecordKafkaWouldRefuseBecomesADeadLetterOnItsTopicsDlqAndTheOthersStayAsTheyAreInOrder() {
        ProducerRecord<String, byte[]> before = new ProducerRecord<>("feedback.raw", "a", "{\"a\":1}".getBytes());
        ProducerRecord<String, byte[]> huge =
                new ProducerRecord<>("feedback.raw", "b", "x".repeat(2_000_000).getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, byte[]> after = new ProducerRecord<>("feedback.raw", "c", "{\"c\":1}".getBytes());

        List<ProducerRecord<String, byte[]>> fit = Records.fitForKafka(List.of(before, huge, after));

        assertEquals(3, fit.size());
        assertSame(before, fit.get(0));
        assertSame(after, fit.get(2));
        ProducerRecord<String, byte[]> dead = fit.get(1);
        assertEquals("feedback.raw.dlq", dead.topic());
        assertEquals("b", dead.key());
        assertEquals(Records.MAX_DEAD_LETTER_BYTES, dead.value().length);
        assertEquals(
                "2000000",
                new String(
                        dead.headers()
                                .lastHeader(DeadLetterHeaders.ORIGINAL_BYTES)
                                .value(),
                        StandardCharsets.UTF_8));
        assertTrue(
                new String(dead.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8)
                        .contains("over the 1000000 bytes Kafka takes"));
    }

    @Test
    void anOversizedDeadLetterStaysOnItsOwnDlqCutTo64KiBAndRecordsThatFitAreHandedBackUntouched() {
        List<ProducerRecord<String, byte[]>> fine =
                List.of(new ProducerRecord<>("retail.transactions", "k", new byte[999_000]));
        assertSame(fine, Records.fitForKafka(fine));

        ProducerRecord<String, byte[]> oldDeadLetter =
                new ProducerRecord<>("feedback.raw.dlq", null, new byte[3_000_000]);
        ProducerRecord<String, byte[]> fit =
                Records.fitForKafka(List.of(oldDeadLetter)).get(0);
        assertEquals("feedback.raw.dlq", fit.topic());
        assertEquals(Records.MAX_DEAD_LETTER_BYTES, fit.value().length);
    }
}
