package io.retailpulse.analytics.lists;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailpulse.common.api.DatabaseGuard;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a list in keyset order with the reactive MySQL client: {@code SELECT * FROM (<inner>) t WHERE <after the
 * cursor> ORDER BY <ordering> LIMIT ?}. Keyset (not OFFSET) paging costs the same at any depth and never skips or
 * repeats a row when rows arrive between pages. MariaDB merges plain derived tables into the outer query and
 * pushes the keyset condition into grouped ones, so the indexes still serve both.
 */
@ApplicationScoped
public class KeysetReader {
    private final Pool pool;
    private final DatabaseGuard guard;
    private final Counter exported;

    public KeysetReader(Pool pool, DatabaseGuard guard, MeterRegistry registry) {
        this.pool = pool;
        this.guard = guard;
        // Rows read for streamed exports: beside the rows a client has received, it shows how far the server reads
        // ahead of a slow client (bounded by back-pressure).
        this.exported = Counter.builder("analytics.export.rows")
                .description("Rows read from MySQL for CSV exports")
                .register(registry);
    }

    /** Up to {@code limit} rows after the position {@code after} (null: from the start). */
    public Uni<List<Row>> read(Sql sql, Ordering ordering, List<Object> after, int limit) {
        List<Object> params = new ArrayList<>(sql.params());
        StringBuilder text =
                new StringBuilder("SELECT * FROM (").append(sql.text()).append(") t");
        if (after != null) {
            text.append(" WHERE ").append(after(ordering, after, params));
        }
        text.append(" ORDER BY ").append(ordering.orderBy()).append(" LIMIT ?");
        params.add(limit);
        // Bounded: a frozen MySQL answers 503 (or ends an export) instead of holding the request for ever.
        return guard.bound(pool.preparedQuery(text.toString()).execute(Tuple.from(params)))
                .map(rows -> {
                    List<Row> list = new ArrayList<>(Math.min(limit, 1024));
                    rows.forEach(list::add);
                    return list;
                });
    }

    /**
     * Every row after {@code after}, at most {@code max}, as consecutive chunks of {@code chunk} rows: one query per
     * chunk, the next one only when the subscriber asks for it, so an export holds one chunk in memory at a time.
     */
    public Multi<List<Row>> chunks(Sql sql, Ordering ordering, List<Object> after, long max, int chunk) {
        return Multi.createBy()
                .repeating()
                .uni(
                        () -> new Progress(after, max),
                        progress -> progress.remaining <= 0 || progress.done
                                ? Uni.createFrom().item(List.<Row>of())
                                : read(sql, ordering, progress.after, (int) Math.min(chunk, progress.remaining))
                                        .invoke(rows -> {
                                            exported.increment(rows.size());
                                            progress.advance(rows, ordering, chunk);
                                        }))
                .whilst(rows -> rows.size() == chunk)
                .select()
                .where(rows -> !rows.isEmpty());
    }

    /** The position of a row: its values of the ordering's columns. */
    public static List<Object> key(Row row, Ordering ordering) {
        List<Object> key = new ArrayList<>(ordering.columns().size());
        for (SortColumn c : ordering.columns()) {
            Object value = row.getValue(c.column());
            if (value == null) {
                throw new IllegalStateException("sort column " + c.column() + " is NULL");
            }
            key.add(c.type().normalise(value));
        }
        return key;
    }

    /**
     * Rows strictly after {@code key} in the ordering: {@code (c1 > ?) OR (c1 = ? AND c2 > ?) OR ...}, with
     * {@code <} for descending columns. Spelled out rather than as a row comparison, which only works for one
     * direction and which MariaDB does not turn into an index range.
     */
    static String after(Ordering ordering, List<Object> key, List<Object> params) {
        List<SortColumn> columns = ordering.columns();
        StringBuilder sql = new StringBuilder("(");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "(" : " OR (");
            for (int j = 0; j < i; j++) {
                sql.append("t.").append(columns.get(j).column()).append(" = ? AND ");
                params.add(key.get(j));
            }
            SortColumn c = columns.get(i);
            sql.append("t.")
                    .append(c.column())
                    .append(c.descending() ? " < ?" : " > ?")
                    .append(')');
            params.add(key.get(i));
        }
        return sql.append(')').toString();
    }

    private static final class Progress {
        List<Object> after;
        long remaining;
        boolean done;

        Progress(List<Object> after, long remaining) {
            this.after = after;
            this.remaining = remaining;
        }

        void advance(List<Row> rows, Ordering ordering, int chunk) {
            remaining -= rows.size();
            done = rows.size() < chunk;
            if (!rows.isEmpty()) {
                after = key(rows.get(rows.size() - 1), ordering);
            }
        }
    }
}
