package io.retailpulse.inference.shared;

import io.retailpulse.common.api.ProblemException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** ISO-8601 instants in query parameters ({@code from}, {@code to}): absent or blank → the fallback, bad → 400. */
public final class QueryInstants {
    private QueryInstants() {}

    public static Instant parse(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name + " is not an ISO-8601 instant: " + value);
        }
    }
}
