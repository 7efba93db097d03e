package io.retailpulse.common.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Strict field checks for request objects whose fields are all optional: there an unknown field (a typo, or
 * {@code {"items":[]}} sent to the wrong endpoint) would silently mean "all defaults", so it is a 400 instead.
 * The services' mapper ignores unknown fields elsewhere so that event contracts can grow.
 */
public final class JsonFields {
    private JsonFields() {}

    /** A 400 unless {@code body} is a JSON object whose fields are all components of {@code type}. */
    public static void requireKnown(JsonNode body, Class<? extends Record> type) {
        List<String> known =
                Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).toList();
        if (!body.isObject()) {
            throw ProblemException.badRequest(
                    "The body must be a JSON object with the optional fields " + String.join(", ", known) + ".");
        }
        Set<String> allowed = Set.copyOf(known);
        List<String> unknown = new java.util.ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw ProblemException.badRequest("Unknown field" + (unknown.size() == 1 ? " " : "s ")
                    + unknown.stream()
                            .map(n -> "'" + AuthFailureLog.printable(n.length() > 60 ? n.substring(0, 60) : n) + "'")
                            .collect(Collectors.joining(", "))
                    + "; the fields are " + String.join(", ", known)
                    + " (all optional).");
        }
    }
}
