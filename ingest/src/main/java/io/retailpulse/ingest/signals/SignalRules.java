package io.retailpulse.ingest.signals;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * What a signal value must be, for the API and the topic alike; a violation is an {@link IllegalArgumentException}
 * whose message is the reason given back (and put in the dead letter).
 */
final class SignalRules {
    static final int MAX_NAME = 128;
    static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    /** Future values are allowed (regressors need them: planned promotions, weather forecasts), up to 10 years. */
    static final int YEARS_AHEAD = 10;

    private SignalRules() {}

    static String name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is missing or empty");
        }
        if (!name.equals(name.strip())) {
            throw new IllegalArgumentException("name '" + name + "' has leading or trailing spaces");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME) {
            throw new IllegalArgumentException("name has more than " + MAX_NAME + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)
                    || c == '\uFFFD'
                    || Character.isSurrogate(c)
                            && !(Character.isHighSurrogate(c)
                                    && i + 1 < name.length()
                                    && Character.isLowSurrogate(name.charAt(++i)))) {
                throw new IllegalArgumentException("name has a control or invalid character at index " + i);
            }
        }
        return name;
    }

    static LocalDate day(String text, Instant now) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("ds is missing or empty");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("ds '" + text + "' is not an ISO-8601 date (e.g. 2026-01-01)");
        }
        return day(day, now);
    }

    static LocalDate day(LocalDate day, Instant now) {
        LocalDate latest = LocalDate.ofInstant(now, ZoneOffset.UTC).plusYears(YEARS_AHEAD);
        if (day.isBefore(EARLIEST) || day.isAfter(latest)) {
            throw new IllegalArgumentException(
                    "ds " + day + " is before " + EARLIEST + " or more than " + YEARS_AHEAD + " years ahead");
        }
        return day;
    }

    static double value(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("value is missing or empty");
        }
        try {
            // BigDecimal, not Double.parseDouble: that would take "NaN", "Infinity" and "0x1p3"
            return value(new BigDecimal(text.strip()).doubleValue(), text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("value '" + text + "' is not a decimal number");
        }
    }

    static double value(double value, Object shown) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value " + shown + " is out of range");
        }
        return value;
    }
}
