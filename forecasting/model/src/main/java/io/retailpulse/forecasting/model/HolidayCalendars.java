package io.retailpulse.forecasting.model;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Built-in public-holiday calendars (national holidays only, on their calendar dates; regional holidays and
 * "observed" substitute days are not included). Each holiday becomes its own named effect, as with Prophet's
 * {@code add_country_holidays}.
 */
public final class HolidayCalendars {
    public static final Set<String> COUNTRIES = Set.of("US", "GB", "DE", "FR");

    private HolidayCalendars() {}

    public static List<Holiday> country(String code, int fromYear, int toYear) {
        List<Holiday> out = new ArrayList<>();
        String c = code.toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(c)) {
            throw new IllegalArgumentException("no built-in calendar for " + code + "; have " + COUNTRIES);
        }
        for (int y = fromYear; y <= toYear; y++) {
            LocalDate easter = easterSunday(y);
            switch (c) {
                case "US" -> {
                    add(out, "New Year's Day", LocalDate.of(y, 1, 1));
                    add(out, "Martin Luther King Jr. Day", nth(y, Month.JANUARY, DayOfWeek.MONDAY, 3));
                    add(out, "Washington's Birthday", nth(y, Month.FEBRUARY, DayOfWeek.MONDAY, 3));
                    add(out, "Memorial Day", last(y, Month.MAY, DayOfWeek.MONDAY));
                    add(out, "Independence Day", LocalDate.of(y, 7, 4));
                    add(out, "Labor Day", nth(y, Month.SEPTEMBER, DayOfWeek.MONDAY, 1));
                    add(out, "Columbus Day", nth(y, Month.OCTOBER, DayOfWeek.MONDAY, 2));
                    add(out, "Veterans Day", LocalDate.of(y, 11, 11));
                    add(out, "Thanksgiving", nth(y, Month.NOVEMBER, DayOfWeek.THURSDAY, 4));
                    add(out, "Christmas Day", LocalDate.of(y, 12, 25));
                }
                case "GB" -> {
                    add(out, "New Year's Day", LocalDate.of(y, 1, 1));
                    add(out, "Good Friday", easter.minusDays(2));
                    add(out, "Easter Monday", easter.plusDays(1));
                    add(out, "May Day", nth(y, Month.MAY, DayOfWeek.MONDAY, 1));
                    add(out, "Spring Bank Holiday", last(y, Month.MAY, DayOfWeek.MONDAY));
                    add(out, "Late Summer Bank Holiday", last(y, Month.AUGUST, DayOfWeek.MONDAY));
                    add(out, "Christmas Day", LocalDate.of(y, 12, 25));
                    add(out, "Boxing Day", LocalDate.of(y, 12, 26));
                }
                case "DE" -> {
                    add(out, "Neujahr", LocalDate.of(y, 1, 1));
                    add(out, "Karfreitag", easter.minusDays(2));
                    add(out, "Ostermontag", easter.plusDays(1));
                    add(out, "Erster Mai", LocalDate.of(y, 5, 1));
                    add(out, "Christi Himmelfahrt", easter.plusDays(39));
                    add(out, "Pfingstmontag", easter.plusDays(50));
                    add(out, "Tag der Deutschen Einheit", LocalDate.of(y, 10, 3));
                    add(out, "Erster Weihnachtstag", LocalDate.of(y, 12, 25));
                    add(out, "Zweiter Weihnachtstag", LocalDate.of(y, 12, 26));
                }
                default -> {
                    add(out, "Jour de l'an", LocalDate.of(y, 1, 1));
                    add(out, "Lundi de Pâques", easter.plusDays(1));
                    add(out, "Fête du Travail", LocalDate.of(y, 5, 1));
                    add(out, "Victoire 1945", LocalDate.of(y, 5, 8));
                    add(out, "Ascension", easter.plusDays(39));
                    add(out, "Lundi de Pentecôte", easter.plusDays(50));
                    add(out, "Fête nationale", LocalDate.of(y, 7, 14));
                    add(out, "Assomption", LocalDate.of(y, 8, 15));
                    add(out, "Toussaint", LocalDate.of(y, 11, 1));
                    add(out, "Armistice", LocalDate.of(y, 11, 11));
                    add(out, "Noël", LocalDate.of(y, 12, 25));
                }
            }
        }
        return out;
    }

    private static void add(List<Holiday> out, String name, LocalDate date) {
        out.add(Holiday.of(name, date));
    }

    private static LocalDate nth(int year, Month month, DayOfWeek day, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, day));
    }

    private static LocalDate last(int year, Month month, DayOfWeek day) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.lastInMonth(day));
    }

    /** Gregorian Easter Sunday (anonymous Gregorian algorithm). */
    static LocalDate easterSunday(int y) {
        int a = y % 19;
        int b = y / 100;
        int c = y % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = ((h + l - 7 * m + 114) % 31) + 1;
        return LocalDate.of(y, month, day);
    }
}
