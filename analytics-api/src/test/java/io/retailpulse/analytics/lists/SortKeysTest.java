package io.retailpulse.analytics.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.common.api.ProblemException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortKeysTest {
    private static final SortKeys KEYS = SortKeys.builder()
            .leading("run_id", KeyType.LONG)
            .key("date", "sale_date", KeyType.DATE)
            .key("store", "store_id", KeyType.STRING)
            .key("revenue", "revenue", KeyType.DECIMAL)
            .unique("sale_date", KeyType.DATE)
            .unique("store_id", KeyType.STRING)
            .defaultSort("date");

    @Test
    void defaultSortPutsLeadingColumnsFirstAndTheUniqueKeyLast() {
        Ordering o = KEYS.parse(null);
        assertEquals("date", o.canonical());
        assertEquals(
                List.of(
                        new SortColumn("run_id", KeyType.LONG, false),
                        new SortColumn("sale_date", KeyType.DATE, false),
                        new SortColumn("store_id", KeyType.STRING, false)),
                o.columns());
    }

    @Test
    void descendingKeysAndTieBreakersFollowTheRequest() {
        Ordering o = KEYS.parse(" -revenue , store ");
        assertEquals("-revenue,store", o.canonical());
        assertEquals(
                List.of(
                        new SortColumn("run_id", KeyType.LONG, false),
                        new SortColumn("revenue", KeyType.DECIMAL, true),
                        new SortColumn("store_id", KeyType.STRING, false),
                        new SortColumn("sale_date", KeyType.DATE, false)),
                o.columns());
    }

    @Test
    void unknownRepeatedOrTooManyKeysAreBadRequests() {
        ProblemException unknown = assertThrows(ProblemException.class, () -> KEYS.parse("price; DROP TABLE x"));
        assertEquals(400, unknown.status());
        assertEquals(
                "sort key 'price; DROP TABLE x' is unknown; sort by one of: date, store, revenue "
                        + "(prefix - for descending)",
                unknown.getMessage());
        assertEquals(
                400,
                assertThrows(ProblemException.class, () -> KEYS.parse("date,-date"))
                        .status());
        assertEquals(
                400,
                assertThrows(ProblemException.class, () -> KEYS.parse("date,store,revenue,date"))
                        .status());
        assertEquals(
                400, assertThrows(ProblemException.class, () -> KEYS.parse(",")).status());
    }

    @Test
    void aCursorCarriesItsSortAndTypedValues() {
        Ordering o = KEYS.parse("-revenue");
        String cursor = Cursor.encode(List.of("-revenue", "7", "12.5000", "2025-01-31", "S,1"));
        assertEquals(
                List.of(7L, new BigDecimal("12.5000"), LocalDate.of(2025, 1, 31), "S,1"), Cursor.position(cursor, o));
        ProblemException other =
                assertThrows(ProblemException.class, () -> Cursor.position(cursor, KEYS.parse("date")));
        assertTrue(
                other.getMessage().startsWith("cursor was made for sort=-revenue, not sort=date"), other.getMessage());
        for (String bad : List.of(
                "%%%",
                Cursor.encode(List.of("-revenue", "7")),
                Cursor.encode(List.of("-revenue", "x", "1", "2025-01-31", "S1")),
                Cursor.encode(List.of("-revenue", "7", "1", "2025-02-30", "S1")))) {
            assertEquals(
                    400,
                    assertThrows(ProblemException.class, () -> Cursor.position(bad, o))
                            .status(),
                    bad);
        }
    }
}
