package io.retailpulse.analytics.lists;

import io.retailpulse.common.api.ProblemException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The whitelist of sort keys of one list endpoint. {@code sort=a,-b} names up to three keys, {@code -} for
 * descending; each maps to a fixed column of the list's query. The list's unique key follows them, so that the
 * order is total; {@code leading} columns (e.g. the forecast run) always come first.
 */
public final class SortKeys {
    private static final int MAX_KEYS = 3;

    private final Map<String, SortColumn> keys = new LinkedHashMap<>();
    private final List<SortColumn> leading = new ArrayList<>();
    private final List<SortColumn> unique = new ArrayList<>();
    private String defaultSort;

    public static SortKeys builder() {
        return new SortKeys();
    }

    public SortKeys key(String name, String column, KeyType type) {
        keys.put(name, new SortColumn(column, type, false));
        return this;
    }

    public SortKeys leading(String column, KeyType type) {
        leading.add(new SortColumn(column, type, false));
        return this;
    }

    public SortKeys unique(String column, KeyType type) {
        unique.add(new SortColumn(column, type, false));
        return this;
    }

    public SortKeys defaultSort(String sort) {
        this.defaultSort = sort;
        parse(sort);
        return this;
    }

    /** The keys as documented: {@code date, store, ...}. */
    public String names() {
        return String.join(", ", keys.keySet());
    }

    public String defaultSort() {
        return defaultSort;
    }

    /** The ordering of {@code sort} (the default when absent), or a 400 problem naming the allowed keys. */
    public Ordering parse(String sort) {
        String requested = sort == null || sort.isBlank() ? defaultSort : sort.trim();
        List<String> names = List.of(requested.split(",", -1));
        if (names.size() > MAX_KEYS) {
            throw ProblemException.badRequest("sort takes at most " + MAX_KEYS + " keys, got " + names.size());
        }
        List<SortColumn> columns = new ArrayList<>(leading);
        List<String> canonical = new ArrayList<>();
        for (String raw : names) {
            String name = raw.trim();
            boolean descending = name.startsWith("-");
            String key = descending ? name.substring(1) : name.startsWith("+") ? name.substring(1) : name;
            SortColumn column = keys.get(key);
            if (column == null) {
                throw ProblemException.badRequest(
                        "sort key '" + key + "' is unknown; sort by one of: " + names() + " (prefix - for descending)");
            }
            if (columns.stream().anyMatch(c -> c.column().equals(column.column()))) {
                throw ProblemException.badRequest("sort key '" + key + "' is given twice");
            }
            columns.add(new SortColumn(column.column(), column.type(), descending));
            canonical.add((descending ? "-" : "") + key);
        }
        for (SortColumn u : unique) {
            if (columns.stream().noneMatch(c -> c.column().equals(u.column()))) {
                columns.add(u);
            }
        }
        return new Ordering(canonical.stream().collect(Collectors.joining(",")), List.copyOf(columns));
    }
}
