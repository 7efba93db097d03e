package io.retailpulse.common.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordValuesTest {
    private final ObjectReader reader =
            RecordValues.strictReader(new ObjectMapper().findAndRegisterModules(), AlertEvent.class);

    @Test
    void validUtf8IsDecodedAndABadByteIsNamedWithItsOffset() {
        assertEquals(
                "caf\u00e9 \uD83D\uDE00", RecordValues.utf8("caf\u00e9 \uD83D\uDE00".getBytes(StandardCharsets.UTF_8)));
        byte[] bad = {'a', 'b', (byte) 0xC3, 0x28};
        assertEquals(
                "value is not valid UTF-8 (bad byte 0xC3 at offset 2)",
                assertThrows(IllegalArgumentException.class, () -> RecordValues.utf8(bad))
                        .getMessage());
        assertEquals(
                "value is not valid UTF-8 (bad byte 0xFF at offset 0)",
                assertThrows(IllegalArgumentException.class, () -> RecordValues.utf8(new byte[] {(byte) 0xFF}))
                        .getMessage());
        // a truncated sequence at the end is malformed too, not silently dropped
        assertThrows(
                IllegalArgumentException.class, () -> RecordValues.utf8(new byte[] {'a', (byte) 0xE2, (byte) 0x82}));
        assertEquals(
                "record has no value (null)",
                assertThrows(IllegalArgumentException.class, () -> RecordValues.utf8(null))
                        .getMessage());
    }

    @Test
    void theStrictReaderRefusesTrailingContentScalarsAsTextAndNullPrimitives() throws Exception {
        String good = "{\"alertId\":\"a\",\"topicId\":1,\"topicLabel\":\"late\",\"similarity\":0.5,\"text\":\"t\"}";
        assertEquals("late", reader.<AlertEvent>readValue(good).topicLabel());
        assertEquals(
                "a",
                reader.<AlertEvent>readValue(good.replace("}", ",\"later\":1}")).alertId(),
                "unknown properties are allowed");
        assertThrows(Exception.class, () -> reader.readValue(good + " x"));
        assertThrows(Exception.class, () -> reader.readValue(good + "{}"));
        assertThrows(Exception.class, () -> reader.readValue(good.replace("\"late\"", "42")));
        assertThrows(Exception.class, () -> reader.readValue(good.replace("\"late\"", "true")));
        assertThrows(Exception.class, () -> reader.readValue(good.replace("0.5", "null")));
    }

    @Test
    void columnLimitsCountCharactersAsMysqlDoesAndTextInBytes() {
        assertNull(RecordValues.varchar("source", "\uD83D\uDE00".repeat(64), 64), "a supplementary character is one");
        assertEquals("source has 65 characters, at most 64", RecordValues.varchar("source", "s".repeat(65), 64));
        assertEquals("text has an unpaired UTF-16 surrogate at index 1", RecordValues.varchar("text", "a\uD800b", 10));
        assertEquals("text has an unpaired UTF-16 surrogate at index 0", RecordValues.text("text", "\uDC00"));
        assertNull(RecordValues.text("text", "\u20ac".repeat(21_845)));
        assertEquals(
                "text has 65538 bytes of UTF-8, at most 65535", RecordValues.text("text", "\u20ac".repeat(21_846)));
        assertNull(RecordValues.datetime("ts", Instant.parse("2026-12-02T00:00:00Z")));
        assertEquals(
                "ts +10000-01-01T00:00:00Z is outside 1000-01-01..9999-12-31",
                RecordValues.datetime("ts", Instant.parse("+10000-01-01T00:00:00Z")));
    }
}
