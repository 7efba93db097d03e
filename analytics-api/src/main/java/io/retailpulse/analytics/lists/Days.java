package io.retailpulse.analytics.lists;

import java.time.LocalDate;

/**
 * A list's {@code from} and {@code to} days, both inclusive and either absent: parsed and checked once, here, for
 * every list (400 when malformed or when from is after to).
 */
public record Days(LocalDate from, LocalDate to) {
    public static Days of(String from, String to) {
        LocalDate fromDate = Filters.date("from", from);
        LocalDate toDate = Filters.date("to", to);
        Filters.range(fromDate, toDate);
        return new Days(fromDate, toDate);
    }
}
