package io.retailpulse.analytics.lists;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import java.util.function.Function;

/**
 * What a list endpoint answers besides its query: its sort keys, how a row becomes an item and how it becomes a CSV
 * line. Each list's JSON page and CSV export are the same query answered two ways, so a resource declares this once
 * and both of its methods are one call.
 */
public final class Listing<T> {
    private final SortKeys sort;
    private final Function<Row, T> item;
    private final String csvHeader;
    private final Function<Row, String> csvLine;

    public Listing(SortKeys sort, Function<Row, T> item, String csvHeader, Function<Row, String> csvLine) {
        this.sort = sort;
        this.item = item;
        this.csvHeader = csvHeader;
        this.csvLine = csvLine;
    }

    /** A JSON page of {@code sql}'s rows in the requested order (see {@link Lists#page}). */
    public Uni<Page<T>> page(KeysetReader reader, Sql sql, ListParams params) {
        return Lists.page(reader, sql, sort.parse(params.sort), params, item);
    }

    /** Every row of {@code sql} in the requested order as streamed CSV (see {@link Lists#csv}). */
    public Multi<Buffer> csv(KeysetReader reader, Sql sql, ListParams params) {
        return Lists.csv(reader, sql, sort.parse(params.sort), params, csvHeader, csvLine);
    }
}
