package io.retailpulse.inference.catalog;

import io.retailpulse.common.events.CatalogEvent;
import io.retailpulse.common.events.EntityMention;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live catalog (from {@code retail.catalog}) as names to find in text: PRODUCT and STORE spans whose key is
 * the catalog id. Thread-safe: updates go into a map, and the next lookup rebuilds an immutable index when the
 * map changed.
 *
 * <p>Names found: a product's full name; its name without the brand and its brand alone when they point to one
 * product only (a brand shared by several products is an ORGANIZATION keyed by the brand); a store's name and its
 * city when only one store is there. Words are compared after {@link CatalogText} normalisation; a word of at
 * least {@code fuzzyMinLength} letters also matches at one edit ("Nortfield"), but a fuzzy name needs one exact
 * word besides unless it is a single word of {@code fuzzyMinLength + 2} letters or more, so "better" never
 * becomes the product "Butter". The longest name at a position wins, then the one with fewer edits.
 */
public final class Gazetteer {
    public static final String PRODUCT = "PRODUCT";
    public static final String STORE = "STORE";
    public static final String ORGANIZATION = "ORGANIZATION";

    /** A name to look for: its normalised words, the entity type and key it stands for, and its rank on ties. */
    record Alias(List<String> words, String type, String key, int rank) {}

    private record Index(Map<String, List<Alias>> byFirstWord, Map<String, Set<String>> deletions) {}

    private final Map<String, CatalogEvent> entries = new ConcurrentHashMap<>();
    private final int fuzzyMinLength;
    private volatile Index index = new Index(Map.of(), Map.of());
    private volatile boolean dirty;

    public Gazetteer(int fuzzyMinLength) {
        this.fuzzyMinLength = fuzzyMinLength;
    }

    public void put(CatalogEvent e) {
        if (e == null || e.id() == null || e.kind() == null) {
            return;
        }
        entries.put(e.key(), e);
        dirty = true;
    }

    /** A tombstone (null value) on the compacted topic: the entry is gone. */
    public void remove(String key) {
        if (entries.remove(key) != null) {
            dirty = true;
        }
    }

    public int size() {
        return entries.size();
    }

    /**
     * Every store's name and city, also a city that several stores share (which {@link #find} cannot resolve to one
     * store and so leaves in the text): names a complaint topic's label must not hold.
     */
    public Set<String> places() {
        Set<String> out = new HashSet<>();
        for (CatalogEvent e : entries.values()) {
            if (CatalogEvent.STORE.equals(e.kind())) {
                if (e.name() != null && !e.name().isBlank()) {
                    out.add(e.name());
                }
                if (e.city() != null && !e.city().isBlank()) {
                    out.add(e.city());
                }
            }
        }
        return out;
    }

    /** Catalog spans in {@code text}, left to right, never overlapping. */
    public List<EntityMention> find(String text) {
        Index idx = current();
        if (idx.byFirstWord().isEmpty()) {
            return List.of();
        }
        List<CatalogText.Word> words = CatalogText.words(text);
        List<EntityMention> out = new ArrayList<>();
        int i = 0;
        while (i < words.size()) {
            Match best = null;
            for (String first : candidates(idx, words.get(i).norm())) {
                for (Alias alias : idx.byFirstWord().getOrDefault(first, List.of())) {
                    Match m = match(alias, words, i);
                    if (m != null && (best == null || m.better(best))) {
                        best = m;
                    }
                }
            }
            if (best == null) {
                i++;
                continue;
            }
            int start = words.get(i).start();
            int end = words.get(i + best.alias().words().size() - 1).end();
            out.add(new EntityMention(
                    text.substring(start, end),
                    best.alias().type(),
                    start,
                    end,
                    best.edits() == 0 ? 1.0 : 0.9,
                    best.alias().key()));
            i += best.alias().words().size();
        }
        return out;
    }

    private record Match(Alias alias, int edits) {
        boolean better(Match other) {
            int len = alias.words().size();
            int otherLen = other.alias().words().size();
            if (len != otherLen) {
                return len > otherLen;
            }
            if (edits != other.edits()) {
                return edits < other.edits();
            }
            return alias.rank() < other.alias().rank();
        }
    }

    private Match match(Alias alias, List<CatalogText.Word> words, int from) {
        List<String> aw = alias.words();
        if (from + aw.size() > words.size()) {
            return null;
        }
        int edits = 0;
        for (int j = 0; j < aw.size(); j++) {
            String want = aw.get(j);
            String got = words.get(from + j).norm();
            if (want.equals(got)) {
                continue;
            }
            if (want.length() < fuzzyMinLength || !CatalogText.withinOneEdit(want, got)) {
                return null;
            }
            edits++;
        }
        if (edits > 0 && edits == aw.size() && !(aw.size() == 1 && aw.get(0).length() >= fuzzyMinLength + 2)) {
            return null;
        }
        return new Match(alias, edits);
    }

    /** The indexed first words equal to {@code word} or one edit away from it. */
    private Set<String> candidates(Index idx, String word) {
        Set<String> out = new HashSet<>();
        if (idx.byFirstWord().containsKey(word)) {
            out.add(word);
        }
        if (word.length() >= fuzzyMinLength - 1) {
            for (String variant : deletionsOf(word, true)) {
                for (String w : idx.deletions().getOrDefault(variant, Set.of())) {
                    if (w.length() >= fuzzyMinLength && CatalogText.withinOneEdit(w, word)) {
                        out.add(w);
                    }
                }
            }
        }
        return out;
    }

    /** {@code word} with one letter removed, in every way (and the word itself when asked). */
    private static Set<String> deletionsOf(String word, boolean withItself) {
        Set<String> out = new HashSet<>();
        if (withItself) {
            out.add(word);
        }
        for (int k = 0; k < word.length(); k++) {
            out.add(word.substring(0, k) + word.substring(k + 1));
        }
        return out;
    }

    private Index current() {
        if (dirty) {
            synchronized (this) {
                if (dirty) {
                    dirty = false;
                    index = build(List.copyOf(entries.values()));
                }
            }
        }
        return index;
    }

    private Index build(List<CatalogEvent> catalog) {
        // sorted by id so that ties (two products with the same name) resolve the same way every time
        List<CatalogEvent> sorted = new ArrayList<>(catalog);
        sorted.sort(Comparator.comparing(CatalogEvent::key));
        Map<List<String>, Set<String>> shortNames = new HashMap<>();
        Map<List<String>, Set<String>> brands = new HashMap<>();
        Map<List<String>, Set<String>> cities = new HashMap<>();
        for (CatalogEvent e : sorted) {
            if (CatalogEvent.PRODUCT.equals(e.kind())) {
                List<String> brand = e.brand() == null ? List.of() : CatalogText.norms(e.brand());
                List<String> name = e.name() == null ? List.of() : CatalogText.norms(e.name());
                if (!brand.isEmpty()) {
                    brands.computeIfAbsent(brand, b -> new HashSet<>()).add(e.id());
                    if (name.size() > brand.size()
                            && name.subList(0, brand.size()).equals(brand)) {
                        shortNames
                                .computeIfAbsent(name.subList(brand.size(), name.size()), n -> new HashSet<>())
                                .add(e.id());
                    }
                }
            } else if (CatalogEvent.STORE.equals(e.kind()) && e.city() != null) {
                cities.computeIfAbsent(CatalogText.norms(e.city()), c -> new HashSet<>())
                        .add(e.id());
            }
        }
        Map<List<String>, Alias> aliases = new TreeMap<>(Comparator.comparing(List::toString));
        for (CatalogEvent e : sorted) {
            boolean product = CatalogEvent.PRODUCT.equals(e.kind());
            if (!product && !CatalogEvent.STORE.equals(e.kind())) {
                continue;
            }
            String type = product ? PRODUCT : STORE;
            add(aliases, e.name() == null ? List.of() : CatalogText.norms(e.name()), type, e.id(), 0);
            if (product && e.brand() != null) {
                List<String> brand = CatalogText.norms(e.brand());
                List<String> name = e.name() == null ? List.of() : CatalogText.norms(e.name());
                if (name.size() > brand.size() && name.subList(0, brand.size()).equals(brand)) {
                    List<String> shortName = name.subList(brand.size(), name.size());
                    if (shortNames.getOrDefault(shortName, Set.of()).size() == 1) {
                        add(aliases, shortName, PRODUCT, e.id(), 1);
                    }
                }
                if (brands.getOrDefault(brand, Set.of()).size() == 1) {
                    add(aliases, brand, PRODUCT, e.id(), 2);
                } else {
                    add(aliases, brand, ORGANIZATION, String.join(" ", brand), 3);
                }
            }
            if (!product && e.city() != null) {
                List<String> city = CatalogText.norms(e.city());
                if (cities.getOrDefault(city, Set.of()).size() == 1) {
                    add(aliases, city, STORE, e.id(), 2);
                }
            }
        }
        Map<String, List<Alias>> byFirst = new HashMap<>();
        Map<String, Set<String>> deletions = new HashMap<>();
        for (Alias a : aliases.values()) {
            String first = a.words().get(0);
            byFirst.computeIfAbsent(first, f -> new ArrayList<>()).add(a);
            if (first.length() >= fuzzyMinLength) {
                for (String d : deletionsOf(first, true)) {
                    deletions.computeIfAbsent(d, x -> new HashSet<>()).add(first);
                }
            }
        }
        return new Index(byFirst, deletions);
    }

    /** Keeps the best-ranked alias for a name (a full product name beats another product's brand). */
    private static void add(Map<List<String>, Alias> aliases, List<String> words, String type, String key, int rank) {
        if (words.isEmpty()) {
            return;
        }
        Alias existing = aliases.get(words);
        if (existing == null || rank < existing.rank()) {
            aliases.put(List.copyOf(words), new Alias(List.copyOf(words), type, key, rank));
        }
    }

    /** The key of a model entity: lower-cased, whitespace-normalised text. */
    public static String textKey(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
