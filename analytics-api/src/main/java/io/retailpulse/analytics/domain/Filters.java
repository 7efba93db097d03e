package io.retailpulse.analytics.domain;

import io.retailpulse.common.api.ProblemException;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Checks of query parameters shared by the list endpoints; each failure is a 400 with the reason. */
public final class Filters {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    private static final int MAX_ID_CHARS = 64;

    private Filters() {
    }

    public static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name + " '" + value + "' is not an ISO date (yyyy-MM-dd)");
        }
    }

    public static void range(LocalDate from, LocalDate to) {
        if (from != null && to != null && from.isAfter(to)) {
            throw ProblemException.badRequest("from " + from + " is after to " + to);
        }
    }

    public static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit " + limit + " is outside 1.." + MAX_LIMIT);
        }
        return limit;
    }

    public static String id(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_ID_CHARS) {
            throw ProblemException.badRequest(name + " is longer than " + MAX_ID_CHARS + " characters");
        }
        return value.trim();
    }
}
