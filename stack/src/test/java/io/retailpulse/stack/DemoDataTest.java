package io.retailpulse.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class DemoDataTest {
    private static final LocalDate YESTERDAY = LocalDate.of(2024, 6, 30);

    @Test
    void coversFiveStoresTwentyProductsNinetyDays() {
        DemoData data = DemoData.generate(YESTERDAY);
        assertEquals(5 * 20 * 90, data.rows().size());
        assertEquals(YESTERDAY.minusDays(89), data.from());
        assertTrue(data.csv().startsWith(DemoData.HEADER + "\n"));
        assertEquals(data.rows().size() + 1, data.csv().split("\n").length);
        assertEquals(data.rows().size(), data.rows().stream().map(DemoData.Row::id).distinct().count());
    }

    @Test
    void aTransactionIsTheSameWhicheverDayTheDemoRuns() {
        Map<String, DemoData.Row> today = byId(DemoData.generate(YESTERDAY));
        Map<String, DemoData.Row> tomorrow = byId(DemoData.generate(YESTERDAY.plusDays(1)));
        long shared = today.keySet().stream().filter(tomorrow::containsKey)
                .peek(id -> assertEquals(today.get(id), tomorrow.get(id))).count();
        assertEquals(5 * 20 * 89, shared);
    }

    @Test
    void weekendsSellMoreThanWeekdays() {
        DemoData data = DemoData.generate(YESTERDAY);
        double weekend = average(data, Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
        double weekday = average(data, Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY));
        assertTrue(weekend > 1.3 * weekday, weekend + " vs " + weekday);
    }

    @Test
    void rejectedLinesAreLeftOutOfTheExpectedUnits() {
        DemoData data = DemoData.generate(YESTERDAY);
        long first = data.rows().get(0).quantity();
        assertEquals(data.totalUnits() - first, data.unitsExcludingLines(Set.of(2L)));
        assertTrue(data.covers("S05", "SKU-0020"));
        assertFalse(data.covers("S06", "SKU-0001"));
        assertFalse(data.covers("S01", "SKU-0000"));
    }

    private static double average(DemoData data, Set<DayOfWeek> days) {
        return data.rows().stream()
                .filter(row -> days.contains(LocalDate.parse(row.ts().substring(0, 10)).getDayOfWeek()))
                .mapToInt(DemoData.Row::quantity).average().orElseThrow();
    }

    private static Map<String, DemoData.Row> byId(DemoData data) {
        return data.rows().stream().collect(Collectors.toMap(DemoData.Row::id, Function.identity()));
    }
}
