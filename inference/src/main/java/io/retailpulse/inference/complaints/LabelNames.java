package io.retailpulse.inference.complaints;

import io.retailpulse.common.events.EntityMention;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names in a feedback that a topic label must never hold ("self-checkout at cork" names a place, not what went
 * wrong): the entities the scoring step found, of the types that name someone or somewhere — people, places,
 * organisations (brands), catalog stores and products. MISC (events, nationalities) is left out: too often a word a
 * complaint needs. Stored with the feedback in {@code topic_feedback.names}.
 */
public final class LabelNames {
    /** Entity types kept out of labels. */
    public static final Set<String> TYPES = Set.of("PERSON", "LOCATION", "ORGANIZATION", "STORE", "PRODUCT");

    /** Longest stored list ({@code topic_feedback.names} is VARCHAR(1000)); names past it are left off whole. */
    static final int MAX_CHARS = 1000;

    private LabelNames() {}

    /** The distinct names of {@code entities} (null: none), in text order. */
    public static List<String> of(List<EntityMention> entities) {
        if (entities == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (EntityMention e : entities) {
            if (e != null && e.text() != null && TYPES.contains(e.type())) {
                String name = e.text().strip().replaceAll("\\s+", " ");
                if (!name.isEmpty()) {
                    out.add(name);
                }
            }
        }
        return List.copyOf(out);
    }

    /** The column value: newline-separated, whole names up to {@link #MAX_CHARS}; null when there are none. */
    static String column(List<String> names) {
        StringBuilder b = new StringBuilder();
        for (String n : names) {
            if (b.length() + n.length() + (b.isEmpty() ? 0 : 1) > MAX_CHARS) {
                continue;
            }
            b.append(b.isEmpty() ? "" : "\n").append(n);
        }
        return b.isEmpty() ? null : b.toString();
    }

    /** The names of a column value (null: none). */
    static List<String> parse(String column) {
        return column == null || column.isBlank() ? List.of() : new ArrayList<>(Arrays.asList(column.split("\n")));
    }
}
