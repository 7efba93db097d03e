package io.retailpulse.analytics.lists;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;

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

    /**
     * A JSON page of a list whose leading sort key is a scope such as a forecast run: the cursor's scope, so pages
     * stay in the run they started in while a newer one finishes, or else the one {@code scope} resolves (it checks
     * the request's run and may fail with a problem). A null scope (no run yet) is an empty page. {@code item}
     * replaces the listing's row mapping for this request.
     */
    public Uni<Page<T>> page(
            KeysetReader reader,
            ListParams params,
            Supplier<Uni<Long>> scope,
            LongFunction<Sql> sql,
            Function<Row, T> item) {
        Filters.limit(params.limit);
        List<Object> after = Cursor.position(params.cursor, sort.parse(params.sort));
        return scope(after, scope)
                .chain(run -> run == null
                        ? Uni.createFrom().item(new Page<T>(List.of(), null))
                        : Lists.page(reader, sql.apply(run), sort.parse(params.sort), params, item));
    }

    /** {@link #page(KeysetReader, ListParams, Supplier, LongFunction, Function)} with the listing's row mapping. */
    public Uni<Page<T>> page(KeysetReader reader, ListParams params, Supplier<Uni<Long>> scope, LongFunction<Sql> sql) {
        return page(reader, params, scope, sql, item);
    }

    /**
     * The CSV export of a scoped list (see {@link #page(KeysetReader, ListParams, Supplier, LongFunction)}): no
     * scope, the header only.
     */
    public Multi<Buffer> csv(KeysetReader reader, ListParams params, Supplier<Uni<Long>> scope, LongFunction<Sql> sql) {
        List<Object> after = Cursor.position(params.cursor, sort.parse(params.sort));
        Filters.exportLimit(params.limit);
        return scope(after, scope)
                .onItem()
                .transformToMulti(run -> run == null
                        ? Multi.createFrom().item(Buffer.buffer(csvHeader + "\n"))
                        : csv(reader, sql.apply(run), params));
    }

    /** The scope a cursor carries as its leading key, else the resolved one. */
    private static Uni<Long> scope(List<Object> after, Supplier<Uni<Long>> scope) {
        return after != null ? Uni.createFrom().item((Long) after.get(0)) : scope.get();
    }
}
