package io.retailpulse.ingest.uploads.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.common.events.SalesHistoryEvent;
import io.retailpulse.ingest.platform.csv.CsvHeaderException;
import io.retailpulse.ingest.platform.csv.RowError;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SalesHistoryCsvReaderTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);
    private final List<SalesHistoryEvent> accepted = new ArrayList<>();
    private final List<RowError> rejected = new ArrayList<>();

    private void read(String body) {
        new SalesHistoryCsvReader(CLOCK, "csv")
                .read(
                        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                        new SalesHistoryCsvReader.Sink() {
                            @Override
                            public void accept(SalesHistoryEvent event) {
                                accepted.add(event);
                            }

                            @Override
                            public void reject(RowError error, String rawLine) {
                                rejected.add(error);
                            }
                        });
    }

    @Test
    void readsTheStoreItemDemandFormatKeyedByStoreAndItem() {
        read("\uFEFFdate,store,item,sales\r\n2013-01-01,1,1,13\r\n2013-01-02,10,50,0\r\n");
        assertEquals(List.of(), rejected);
        assertEquals(2, accepted.size());
        SalesHistoryEvent first = accepted.get(0);
        assertEquals(LocalDate.of(2013, 1, 1), first.date());
        assertEquals("1|1", first.key());
        assertEquals(13, first.units());
        assertNull(first.revenue());
        assertEquals("10|50", accepted.get(1).key());
    }

    @Test
    void reportsEachBrokenRowWithItsLineAndReason() {
        read("date,store,item,sales\n"
                + "2013-01-01,1,1,13\n" // 2
                + "2013-02-30,1,1,13\n" // 3
                + "2013-01-01,1,1,-2\n" // 4
                + "2013-01-01,,1,2\n" // 5
                + "2013-01-01,1,1,2.5\n" // 6
                + "2013-01-01,1,1\n" // 7
                + "2030-01-01,1,1,1\n"); // 8
        assertEquals(1, accepted.size());
        assertEquals(
                List.of(
                        new RowError(3, "date '2013-02-30' is not an ISO-8601 date (e.g. 2017-03-01)"),
                        new RowError(4, "sales -2 is negative"),
                        new RowError(5, "store is empty"),
                        new RowError(6, "sales '2.5' is not a whole number"),
                        new RowError(7, "expected 4 fields, found 3"),
                        new RowError(8, "date 2030-01-01 is before 1970 or in the future")),
                rejected);
    }

    @Test
    void keepsAnOptionalRevenueColumn() {
        read("store,item,date,sales,revenue\nS1,P1,2024-01-01,3,7.50\n");
        assertEquals(new java.math.BigDecimal("7.50"), accepted.get(0).revenue());
    }

    @Test
    void refusesABodyWithoutTheRequiredHeader() {
        assertThrows(CsvHeaderException.class, () -> read("date,store,sales\n2013-01-01,1,2\n"));
    }

    @Test
    void aNulAtTheEdgeOfAStoreOrItemRejectsTheRow() {
        read("date,store,item,sales\n2013-01-01,1\u0000,1,13\n2013-01-01,1,\u00002,13\n2013-01-01, 1 ,2,13\n");
        assertEquals(List.of(2L, 3L), rejected.stream().map(RowError::line).toList());
        assertTrue(
                rejected.get(0).reason().contains("control character"),
                rejected.get(0).reason());
        assertEquals(1, accepted.size());
    }
}
