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

    /**
     * The tagged names that are names in this corpus: those the entity head tagged in at least half of the
     * documents holding all their words. The head also tags a common word now and then ("Credit" at the start of a
     * heading, "Discover" the card): keeping such a word out of every label would empty the labels of the topic it
     * is about, while a real name ("Equifax", a person, a town) is tagged most times it appears.
     *
     * @param texts  the documents
     * @param tagged per document, the names the entity head found in it
     */
    public static Set<String> reliable(List<String> texts, List<List<String>> tagged) {
        java.util.Map<String, java.util.BitSet> docsByWord = new java.util.HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            for (String w : words(texts.get(i))) {
                docsByWord.computeIfAbsent(w, x -> new java.util.BitSet()).set(i);
            }
        }
        java.util.Map<String, Set<Integer>> taggedIn = new java.util.HashMap<>();
        java.util.Map<String, String> spelling = new java.util.HashMap<>();
        for (int i = 0; i < tagged.size(); i++) {
            for (String name : tagged.get(i)) {
                String key = String.join(" ", words(name));
                if (!key.isEmpty()) {
                    taggedIn.computeIfAbsent(key, k -> new java.util.HashSet<>())
                            .add(i);
                    spelling.putIfAbsent(key, name);
                }
            }
        }
        Set<String> out = new LinkedHashSet<>();
        taggedIn.forEach((key, docs) -> {
            java.util.BitSet holding = null;
            for (String w : key.split(" ")) {
                java.util.BitSet d = docsByWord.getOrDefault(w, new java.util.BitSet());
                if (holding == null) {
                    holding = (java.util.BitSet) d.clone();
                } else {
                    holding.and(d);
                }
            }
            int containing = Math.max(holding == null ? 0 : holding.cardinality(), docs.size());
            if (docs.size() >= 0.5 * containing) {
                out.add(spelling.get(key));
            }
        });
        return out;
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
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
