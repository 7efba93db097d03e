package io.retailpulse.ingest.uploads.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.ingest.platform.csv.CsvHeaderException;
import io.retailpulse.ingest.platform.csv.RowError;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionCsvReaderTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);
    private static final String HEADER = "transaction_id,ts,store_id,product_id,quantity,unit_price\n";

    private final List<TransactionEvent> accepted = new ArrayList<>();
    private final List<RowError> rejected = new ArrayList<>();
    private final List<String> rawRejected = new ArrayList<>();

    private void read(byte[] body) {
        new TransactionCsvReader(ZoneId.of("Europe/Paris"), CLOCK, "csv")
                .read(new ByteArrayInputStream(body), new TransactionCsvReader.Sink() {
                    @Override
                    public void accept(TransactionEvent event, long line, String rawLine) {
                        accepted.add(event);
                    }

                    @Override
                    public void reject(RowError error, String rawLine) {
                        rejected.add(error);
                        rawRejected.add(rawLine);
                    }
                });
    }

    private void read(String body) {
        read(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keepsTheCalendarDayWrittenInTheTimestamp() {
        read(HEADER + "t1,2024-03-01T23:30:00-05:00,S1,P1,2,9.99\n"
                + "t2,2024-03-01T23:30:00,S1,P1,1,10\n"
                + "t3,2024-03-02,S1,P1,0,0.5\n");
        assertEquals(List.of(), rejected);
        assertEquals(3, accepted.size());
        TransactionEvent t1 = accepted.get(0);
        assertEquals(LocalDate.of(2024, 3, 1), t1.date());
        assertEquals(Instant.parse("2024-03-02T04:30:00Z"), t1.ts());
        assertEquals("S1|P1", t1.key());
        assertEquals(new BigDecimal("9.99"), t1.unitPrice());
        // Without an offset the configured zone (Paris, UTC+1 in March) gives the instant, the day stays as written.
        assertEquals(Instant.parse("2024-03-01T22:30:00Z"), accepted.get(1).ts());
        assertEquals(LocalDate.of(2024, 3, 1), accepted.get(1).date());
        assertEquals(LocalDate.of(2024, 3, 2), accepted.get(2).date());
    }

    @Test
    void reportsEachBrokenRowWithItsLineAndReason() {
        read(HEADER
                + "ok1,2024-01-01T10:00:00Z,S1,P1,1,2.50\n" // line 2
                + "bad1,2024-13-01T10:00:00Z,S1,P1,1,2.50\n" // 3
                + "bad2,2024-01-01T10:00:00Z,S1,P1,-3,2.50\n" // 4
                + "bad3,2024-01-01T10:00:00Z,S1,P1,1.5,2.50\n" // 5
                + "bad4,2024-01-01T10:00:00Z,S1,P1,1,abc\n" // 6
                + "bad5,2024-01-01T10:00:00Z,S1,P1,1\n" // 7
                + ",2024-01-01T10:00:00Z,S1,P1,1,2.50\n" // 8
                + "bad7,2024-01-01T10:00:00Z,S1,P1,1,2.12345\n" // 9
                + "bad8,2030-01-01T10:00:00Z,S1,P1,1,2.50\n" // 10
                + "bad9,2024-01-01T10:00:00Z,S|1,P1,1,2.50\n" // 11
                + "\n" // 12 (blank lines are skipped)
                + "bad10,2024-01-01T10:00:00Z,\"S1,P1,1,2.50\n" // 13
                + "ok2,2024-01-01T10:00:00Z,S1,P1,1,-0.0\n"); // 14
        assertEquals(2, accepted.size());
        assertEquals(
                List.of(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 13L),
                rejected.stream().map(RowError::line).toList());
        assertTrue(
                rejected.get(0).reason().contains("not an ISO-8601"),
                rejected.get(0).reason());
        assertEquals("quantity -3 is negative", rejected.get(1).reason());
        assertEquals("quantity '1.5' is not a whole number", rejected.get(2).reason());
        assertEquals("unit_price 'abc' is not a decimal number", rejected.get(3).reason());
        assertEquals("expected 6 fields, found 5", rejected.get(4).reason());
        assertEquals("transaction_id is empty", rejected.get(5).reason());
        assertEquals(
                "unit_price 2.12345 has more than 4 decimals", rejected.get(6).reason());
        assertTrue(rejected.get(7).reason().contains("future"), rejected.get(7).reason());
        assertTrue(rejected.get(8).reason().contains("'|'"), rejected.get(8).reason());
        assertTrue(
                rejected.get(9).reason().contains("unterminated quoted field"),
                rejected.get(9).reason());
        assertEquals("bad2,2024-01-01T10:00:00Z,S1,P1,-3,2.50", rawRejected.get(1));
    }

    @Test
    void acceptsBomCrlfQuotesAndExtraColumnsInAnyOrder() {
        read("\uFEFFstore_id,Product_ID,note,transaction_id,ts,quantity,unit_price\r\n"
                + "S1,\"P,1\",\"said \"\"hi\"\"\",t1,2024-01-01T10:00:00Z,3,1.25\r\n");
        assertEquals(List.of(), rejected);
        assertEquals(1, accepted.size());
        assertEquals("P,1", accepted.get(0).productId());
        assertEquals(3, accepted.get(0).quantity());
    }

    @Test
    void rejectsInvalidUtf8AndOverlongLinesAloneAndGoesOn() {
        byte[] head = (HEADER + "t1,2024-01-01T10:00:00Z,S").getBytes(StandardCharsets.UTF_8);
        byte[] tail = (",P1,1,1\n" + "x".repeat(5000) + "\nt3,2024-01-01T10:00:00Z,S1,P1,1,1\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        body[head.length] = (byte) 0xC3; // a lone UTF-8 lead byte
        System.arraycopy(tail, 0, body, head.length + 1, tail.length);
        read(body);
        assertEquals(
                List.of("t3"),
                accepted.stream().map(TransactionEvent::transactionId).toList());
        assertEquals(
                List.of(
                        new RowError(2, "line is not valid UTF-8"),
                        new RowError(3, "line is longer than 4096 characters")),
                rejected);
    }

    @Test
    void refusesABodyWithoutTheRequiredHeader() {
        CsvHeaderException missing = assertThrows(
                CsvHeaderException.class, () -> read("transaction_id,ts,store_id,quantity\nt1,2024-01-01,S1,1\n"));
        assertTrue(missing.getMessage().contains("product_id, unit_price"), missing.getMessage());
        assertThrows(CsvHeaderException.class, () -> read("\n\n"));
    }

    @Test
    void readsUtcTimestampsOnTheFastPathExactlyAsTheGeneralParser() {
        read(HEADER + "t1,2024-02-29T23:59:59Z,S1,P1,1,1\n" + "t2,2023-02-29T10:00:00Z,S1,P1,1,1\n"
                + "t3,2024-05-01T1x:00:00Z,S1,P1,1,1\n");
        assertEquals(Instant.parse("2024-02-29T23:59:59Z"), accepted.get(0).ts());
        assertEquals(LocalDate.of(2024, 2, 29), accepted.get(0).date());
        assertEquals(List.of(3L, 4L), rejected.stream().map(RowError::line).toList());
        assertTrue(
                rejected.get(0).reason().contains("not an ISO-8601"),
                rejected.get(0).reason());
    }

    @Test
    void aNulOrOtherControlCharacterAtTheEdgeOfAnIdRejectsTheRowInsteadOfBeingDropped() {
        read(HEADER
                + "t1\u0000,2024-01-01T10:00:00Z,S1,P1,1,2.50\n" // line 2: NUL at the end
                + "\u0000t2,2024-01-01T10:00:00Z,S1,P1,1,2.50\n" // 3: NUL at the start
                + "t3,2024-01-01T10:00:00Z,S1\u001F,P1,1,2.50\n" // 4: unit separator after the store
                + "t4,2024-01-01T10:00:00Z,\u0007S1,P1,1,2.50\n" // 5: BEL before the store
                + " t5\t,2024-01-01T10:00:00Z,S1,P1,1,2.50\n"); // 6: blanks around an id are fine
        assertEquals(
                List.of(2L, 3L, 4L, 5L), rejected.stream().map(RowError::line).toList());
        for (RowError error : rejected) {
            assertTrue(error.reason().contains("control character"), error.reason());
        }
        assertEquals(
                List.of("t5"),
                accepted.stream().map(TransactionEvent::transactionId).toList());
    }

    @Test
    void decodesTheBodyByTheCharsetItDeclares() {
        String csv = HEADER + "café-1,2024-01-01T10:00:00Z,Zürich,Crème,1,2.50\n";
        new TransactionCsvReader(ZoneId.of("UTC"), CLOCK, "csv")
                .read(
                        new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_16)),
                        StandardCharsets.UTF_16,
                        new TransactionCsvReader.Sink() {
                            @Override
                            public void accept(TransactionEvent event, long line, String rawLine) {
                                accepted.add(event);
                            }

                            @Override
                            public void reject(RowError error, String rawLine) {
                                rejected.add(error);
                            }
                        });
        assertEquals(List.of(), rejected);
        assertEquals("café-1", accepted.get(0).transactionId());
        assertEquals("Zürich|Crème", accepted.get(0).key());
    }
}
