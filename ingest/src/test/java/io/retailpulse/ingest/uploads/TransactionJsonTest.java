package io.retailpulse.ingest.uploads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.retailpulse.common.events.TransactionEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TransactionJsonTest {
    /** Configured as Quarkus configures its ObjectMapper. */
    private static final ObjectMapper JACKSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static void assertSameAsJackson(TransactionEvent e) throws Exception {
        byte[] ours = TransactionJson.write(e);
        assertEquals(JACKSON.readTree(JACKSON.writeValueAsBytes(e)), JACKSON.readTree(ours));
        if (e.transactionId().codePoints().allMatch(Character::isBmpCodePoint)) {
            // Byte for byte too (Jackson escapes characters outside the BMP; we write them as UTF-8: same JSON).
            assertEquals(new String(JACKSON.writeValueAsBytes(e), "UTF-8"), new String(ours, "UTF-8"));
        }
    }

    @Test
    void writesTheSameJsonAsJackson() throws Exception {
        assertSameAsJackson(new TransactionEvent(
                "t-1",
                Instant.parse("2024-05-01T10:00:00Z"),
                LocalDate.of(2024, 5, 1),
                "S1",
                "SKU-1",
                3,
                new BigDecimal("4.50"),
                "csv",
                Instant.parse("2025-01-02T03:04:05.123456Z")));
        assertSameAsJackson(new TransactionEvent(
                "q\"uo\\te, é 😀",
                Instant.parse("1999-12-31T23:59:59.5Z"),
                LocalDate.of(1999, 12, 31),
                "S,1",
                "P\u00e9",
                0,
                new BigDecimal("1000000000"),
                "generator",
                Instant.EPOCH));
        assertSameAsJackson(new TransactionEvent(
                "tab\there", Instant.EPOCH, LocalDate.EPOCH, "S", "P", 1, BigDecimal.ONE, "csv", Instant.EPOCH));
        assertSameAsJackson(new TransactionEvent(
                "t", Instant.EPOCH, LocalDate.EPOCH, "S", "P", 1, new BigDecimal("0.0001"), null, Instant.EPOCH));
    }
}
