package io.retailpulse.forecasting.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.retailpulse.common.events.TransactionEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TransactionEventReaderTest {
    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final TransactionEventReader reader = new TransactionEventReader(mapper);

    private String json(String id, String store, long quantity, String price) throws Exception {
        return mapper.writeValueAsString(new TransactionEvent(
                id,
                Instant.parse("2024-01-01T10:00:00Z"),
                LocalDate.of(2024, 1, 1),
                store,
                "P1",
                quantity,
                price == null ? null : new BigDecimal(price),
                null,
                Instant.now()));
    }

    @Test
    void readsAValidEventAndNamesAMissingSource() throws Exception {
        TransactionEvent e = reader.read(json("t1", "S1", 2, "1.5"));
        assertEquals("t1", e.transactionId());
        assertEquals(new BigDecimal("1.5"), e.unitPrice());
        assertEquals("unknown", e.source());
    }

    @Test
    void rejectsWhatWouldCorruptTheTotalsWithTheReason() throws Exception {
        assertEquals("quantity is negative", rejection(json("t1", "S1", -1, "1")));
        assertEquals("unitPrice is missing or negative", rejection(json("t1", "S1", 1, "-2")));
        assertEquals("unitPrice is missing or negative", rejection(json("t1", "S1", 1, null)));
        assertEquals("unitPrice has more than 4 decimals", rejection(json("t1", "S1", 1, "1.00001")));
        assertEquals("storeId is missing or longer than 64 characters", rejection(json("t1", "", 1, "1")));
        assertEquals("transactionId is longer than 64 characters", rejection(json("t".repeat(65), "S1", 1, "1")));
        assertEquals("empty record value", rejection(""));
        assertEquals("not a TransactionEvent JSON", rejection("[1,2]").substring(0, 27));
    }

    @Test
    void rejectsWhatMySqlWouldRefuseSoThatItCannotFailTheWholeBatch() throws Exception {
        assertEquals("record value is JSON null", rejection("null"));
        assertEquals("unitPrice is 10^10 or more", rejection(json("t1", "S1", 1, "10000000000")));
        String longSource = mapper.writeValueAsString(new TransactionEvent(
                "t1",
                Instant.parse("2024-01-01T10:00:00Z"),
                LocalDate.of(2024, 1, 1),
                "S1",
                "P1",
                1,
                BigDecimal.ONE,
                "x".repeat(33),
                Instant.now()));
        assertEquals("source is longer than 32 characters", rejection(longSource));
    }

    @Test
    void decodesValuesAsStrictUtf8() {
        assertEquals("é", BatchPipeline.utf8(new byte[] {(byte) 0xC3, (byte) 0xA9}));
        assertEquals(
                "record value is not valid UTF-8",
                assertThrows(
                                InvalidEventException.class,
                                () -> BatchPipeline.utf8(new byte[] {(byte) 0xC3, (byte) 0x28}))
                        .getMessage());
    }

    private String rejection(String json) {
        return assertThrows(InvalidEventException.class, () -> reader.read(json))
                .getMessage();
    }
}
