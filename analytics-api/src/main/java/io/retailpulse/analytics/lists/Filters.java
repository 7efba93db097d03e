package io.retailpulse.analytics.lists;

import io.retailpulse.common.api.ProblemException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/** Checks of query parameters shared by the list endpoints; each failure is a 400 with the reason. */
public final class Filters {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    public static final Set<String> LABELS = Set.of("negative", "neutral", "positive");
    public static final Set<String> ENTITY_TYPES =
            Set.of("PERSON", "LOCATION", "ORGANIZATION", "MISC", "PRODUCT", "STORE");
    private static final int MAX_ID_CHARS = 128;

    private Filters() {}

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

    /** The page size of a JSON list: 1..1000, 100 when absent. */
    public static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        long value = whole("limit", limit);
        if (value < 1 || value > MAX_LIMIT) {
            throw ProblemException.badRequest("limit " + value + " is outside 1.." + MAX_LIMIT);
        }
        return (int) value;
    }

    /** The row cap of a CSV export: any positive number, no cap when absent (CSV streams every matching row). */
    public static long exportLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return Long.MAX_VALUE;
        }
        long value = whole("limit", limit);
        if (value < 1) {
            throw ProblemException.badRequest("limit " + value + " is not positive");
        }
        return value;
    }

    /** A positive id such as a run id, or null when absent. */
    public static Long positive(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        long id = whole(name, value);
        if (id < 1) {
            throw ProblemException.badRequest(name + " " + id + " is not positive");
        }
        return id;
    }

    public static boolean flag(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ProblemException.badRequest(name + " '" + value + "' is not true or false");
        };
    }

    public static String id(String name, String value) {
        return id(name, value, MAX_ID_CHARS);
    }

    /** A trimmed identifier of at most {@code max} characters, or null when absent. */
    public static String id(String name, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > max) {
            throw ProblemException.badRequest(name + " is longer than " + max + " characters");
        }
        return value.trim();
    }

    /** A sentiment label, lower-cased; 400 for anything but negative, neutral, positive. */
    public static String label(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String label = value.trim().toLowerCase(Locale.ROOT);
        if (!LABELS.contains(label)) {
            throw ProblemException.badRequest("label '" + value + "' is unknown; use negative, neutral or positive");
        }
        return label;
    }

    /** An entity type, upper-cased; 400 for types the NER model does not produce. */
    public static String entityType(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String type = value.trim().toUpperCase(Locale.ROOT);
        if (!ENTITY_TYPES.contains(type)) {
            throw ProblemException.badRequest("type '" + value + "' is unknown; use one of "
                    + String.join(", ", ENTITY_TYPES.stream().sorted().toList()));
        }
        return type;
    }

    private static long whole(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " '" + value + "' is not a whole number");
        }
    }
}
