package io.retailpulse.analytics.api;

import io.retailpulse.analytics.domain.Cursor;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Turns a keyset query result (limit + 1 rows) into a page, and a page into CSV. */
final class Pages {
    private Pages() {
    }

    /**
     * @param rows  up to {@code limit + 1} rows in key order; the extra row only says there is a next page
     * @param key   the sort key of an item, encoded into the {@code next} cursor
     */
    static <R, T> Page<T> of(List<R> rows, int limit, Function<R, T> item, Function<T, List<String>> key) {
        List<T> items = rows.stream().limit(limit).map(item).toList();
        String next = rows.size() > limit ? Cursor.encode(key.apply(items.get(items.size() - 1))) : null;
        return new Page<>(items, next);
    }

    static <T> String csv(String header, Page<T> page, Function<T, String> line) {
        return page.items().stream().map(line)
                .collect(Collectors.joining("\n", header + "\n", page.items().isEmpty() ? "" : "\n"));
    }
}
