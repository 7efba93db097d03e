package io.retailpulse.forecasting.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class HolidayCalendarsTest {
    private static LocalDate dateOf(List<Holiday> hs, String name) {
        return hs.stream()
                .filter(h -> h.name().equals(name))
                .findFirst()
                .orElseThrow()
                .date();
    }

    @Test
    void computesMovableFeastsAndWeekdayRules() {
        assertEquals(LocalDate.of(2024, 3, 31), HolidayCalendars.easterSunday(2024));
        assertEquals(LocalDate.of(2019, 4, 21), HolidayCalendars.easterSunday(2019));
        List<Holiday> us = HolidayCalendars.country("us", 2024, 2024);
        assertEquals(LocalDate.of(2024, 11, 28), dateOf(us, "Thanksgiving"));
        assertEquals(LocalDate.of(2024, 5, 27), dateOf(us, "Memorial Day"));
        assertEquals(LocalDate.of(2024, 3, 29), dateOf(HolidayCalendars.country("GB", 2024, 2024), "Good Friday"));
        assertEquals(LocalDate.of(2024, 5, 20), dateOf(HolidayCalendars.country("DE", 2024, 2024), "Pfingstmontag"));
    }

    @Test
    void coversEveryYearOfTheRangeAndRefusesUnknownCountries() {
        List<Holiday> fr = HolidayCalendars.country("FR", 2020, 2022);
        assertEquals(33, fr.size());
        assertTrue(
                fr.stream().allMatch(h -> h.date().getYear() >= 2020 && h.date().getYear() <= 2022));
        assertThrows(IllegalArgumentException.class, () -> HolidayCalendars.country("XX", 2020, 2020));
    }
}
