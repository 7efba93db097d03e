package io.retailpulse.analytics.lists;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A resolved sort: the requested keys followed by the list's unique key, so that the order is total and a keyset
 * cursor names exactly one position. {@code canonical} is the sort as the request spelled it, normalised; a
 * cursor carries it so that it is never applied to another order.
 */
public record Ordering(String canonical, List<SortColumn> columns) {

    String orderBy() {
        return columns.stream()
                .map(c -> "t." + c.column() + (c.descending() ? " DESC" : ""))
                .collect(Collectors.joining(", "));
    }
}
