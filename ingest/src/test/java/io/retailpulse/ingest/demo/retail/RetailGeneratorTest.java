package io.retailpulse.ingest.demo.retail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.common.events.TransactionEvent;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetailGeneratorTest {
    private static final LocalDate START = LocalDate.of(2022, 1, 1);

    private static List<TransactionEvent> generate(long seed, LocalDate from, int days) {
        RetailModel model = new RetailModel(seed, 3, 8, START);
        RetailGenerator generator = new RetailGenerator(model, seed);
        List<TransactionEvent> out = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            generator.day(from.plusDays(d), Instant.EPOCH, out::add);
        }
        return out;
    }

    private static long units(List<TransactionEvent> events) {
        return events.stream().mapToLong(TransactionEvent::quantity).sum();
    }

    @Test
    void isDeterministicGivenTheSeed() {
        assertEquals(generate(42, START, 30), generate(42, START, 30));
        assertNotEquals(generate(42, START, 30), generate(43, START, 30));
        List<TransactionEvent> events = generate(42, START, 30);
        assertEquals(
                events.size(),
                events.stream().map(TransactionEvent::transactionId).distinct().count(),
                "ids are unique");
    }

    @Test
    void sellsMoreOnSaturdaysThanOnTuesdaysAndMoreInSummerThanInWinter() {
        List<TransactionEvent> year = generate(7, START, 365);
        long saturdays = units(year.stream()
                .filter(e -> e.date().getDayOfWeek() == DayOfWeek.SATURDAY)
                .toList());
        long tuesdays = units(year.stream()
                .filter(e -> e.date().getDayOfWeek() == DayOfWeek.TUESDAY)
                .toList());
        assertTrue(saturdays > tuesdays * 1.5, saturdays + " vs " + tuesdays);
        long july =
                units(year.stream().filter(e -> e.date().getMonthValue() == 7).toList());
        long february =
                units(year.stream().filter(e -> e.date().getMonthValue() == 2).toList());
        assertTrue(july > february * 1.3, july + " vs " + february);
    }

    @Test
    void growsYearOverYearClosesOnChristmasAndRushesOnBlackFriday() {
        long first = units(generate(7, START, 365));
        long second = units(generate(7, START.plusYears(1), 365));
        assertTrue(second > first * 1.04, second + " vs " + first);
        assertEquals(0, generate(7, LocalDate.of(2022, 12, 25), 1).size());
        long blackFriday = units(generate(7, LocalDate.of(2022, 11, 25), 1));
        long fridayBefore = units(generate(7, LocalDate.of(2022, 11, 18), 1));
        assertTrue(blackFriday > fridayBefore * 1.8, blackFriday + " vs " + fridayBefore);
    }

    @Test
    void promotionsLowerThePriceAndRaiseTheExpectedUnits() {
        RetailModel model = new RetailModel(42, 3, 8, START);
        int promoted = 0;
        for (int d = 0; d < 365; d++) {
            LocalDate date = START.plusDays(d);
            var store = model.stores().get(0);
            var product = model.products().get(0);
            if (model.discount(store, product, date) > 0) {
                promoted++;
                assertTrue(model.price(store, product, date).compareTo(product.price()) < 0);
                double withPromo = model.expectedUnits(store, product, date);
                double base = product.popularity() * store.size();
                assertTrue(withPromo > 0 && base > 0);
            }
        }
        assertTrue(promoted >= 14 && promoted <= 120, "some weeks are promoted: " + promoted + " days");
    }
}
