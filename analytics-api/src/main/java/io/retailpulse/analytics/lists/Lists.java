package io.retailpulse.analytics.lists;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** One way for every list endpoint to answer a page of JSON or a streamed CSV export. */
public final class Lists {
    /** Rows per query of a CSV export: one chunk in memory at a time, whatever the export's size. */
    public static final int CSV_CHUNK = 1000;

    private Lists() {}

    /** A JSON page: reads {@code limit + 1} rows, the extra one only says whether there is a next page. */
    public static <T> Uni<Page<T>> page(
            KeysetReader reader, Sql sql, Ordering ordering, ListParams params, Function<Row, T> item) {
        int limit = Filters.limit(params.limit);
        List<Object> after = Cursor.position(params.cursor, ordering);
        return reader.read(sql, ordering, after, limit + 1).map(rows -> {
            List<T> items = new ArrayList<>(Math.min(rows.size(), limit));
            for (int i = 0; i < rows.size() && i < limit; i++) {
                items.add(item.apply(rows.get(i)));
            }
            String next = rows.size() > limit ? Cursor.of(rows.get(limit - 1), ordering) : null;
            return new Page<>(items, next);
        });
    }

    /**
     * Every matching row as CSV with a header line, streamed as one buffer per chunk of {@link #CSV_CHUNK} rows:
     * the next chunk is queried only when the client has taken the previous one, so memory stays flat.
     */
    public static Multi<Buffer> csv(
            KeysetReader reader,
            Sql sql,
            Ordering ordering,
            ListParams params,
            String header,
            Function<Row, String> line) {
        long max = Filters.exportLimit(params.limit);
        List<Object> after = Cursor.position(params.cursor, ordering);
        Multi<Buffer> body = reader.chunks(sql, ordering, after, max, CSV_CHUNK).map(rows -> {
            StringBuilder text = new StringBuilder(rows.size() * 128);
            for (Row row : rows) {
                text.append(line.apply(row)).append('\n');
            }
            return Buffer.buffer(text.toString());
        });
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(Buffer.buffer(header + "\n")), body);
    }
}
