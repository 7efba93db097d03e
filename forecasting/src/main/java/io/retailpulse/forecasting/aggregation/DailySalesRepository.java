package io.retailpulse.forecasting.aggregation;

import io.retailpulse.common.events.DailySalesEvent;
import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.common.values.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

/**
 * Writes transactions once and recomputes the touched days from them. Recomputing (rather than adding
 * deltas) makes the totals exact whatever arrives twice, late or out of order.
 *
 * <p>Set-based: a few multi-row statements per batch instead of three round trips per day, since the
 * MySQL client sends batched statements one by one (9,000 distinct days went from 16 s to under 2 s).
 */
@ApplicationScoped
public class DailySalesRepository {
    /** Rows per statement: well under MySQL's 65,535 placeholders and max_allowed_packet. */
    static final int CHUNK = 500;

    private static final String INSERT_TRANSACTIONS = """
            INSERT INTO sales_transaction
                (transaction_id, store_id, product_id, sale_date, ts, quantity, unit_price, source)
            VALUES %s
            ON DUPLICATE KEY UPDATE transaction_id = transaction_id""";

    /** The touched days as a derived table: portable to MySQL and MariaDB, and joined through the index. */
    private static final String KEYS = "SELECT ? AS s, ? AS p, CAST(? AS DATE) AS d";

    private static final String RECOMPUTE_DAYS = """
            INSERT INTO daily_sales (store_id, product_id, sale_date, units, revenue, transactions)
            SELECT t.store_id, t.product_id, t.sale_date, SUM(t.quantity), SUM(t.quantity * t.unit_price), COUNT(*)
            FROM sales_transaction t
            JOIN (%s) k ON t.store_id = k.s AND t.product_id = k.p AND t.sale_date = k.d
            GROUP BY t.store_id, t.product_id, t.sale_date
            ON DUPLICATE KEY UPDATE units = VALUES(units), revenue = VALUES(revenue),
                                    transactions = VALUES(transactions)""";

    private static final String SELECT_DAYS = """
            SELECT ds.store_id, ds.product_id, ds.sale_date, ds.units, ds.revenue, ds.transactions
            FROM daily_sales ds
            JOIN (%s) k ON ds.store_id = k.s AND ds.product_id = k.p AND ds.sale_date = k.d""";

    private final Pool pool;

    public DailySalesRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores the batch in one transaction and returns the new totals of every day it touched. */
    public Uni<List<DailySalesEvent>> apply(List<TransactionEvent> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        LinkedHashSet<DayKey> touched = new LinkedHashSet<>();
        batch.forEach(t -> touched.add(new DayKey(t.storeId(), t.productId(), t.date())));
        List<DayKey> days = List.copyOf(touched);
        return pool.withTransaction(conn -> inChunks(batch, chunk -> insert(conn, chunk))
                .chain(() -> inChunks(days, chunk -> recompute(conn, chunk)))
                .chain(() -> readDays(conn, days)));
    }

    private static Uni<Void> insert(SqlConnection conn, List<TransactionEvent> chunk) {
        Tuple values = Tuple.tuple();
        for (TransactionEvent t : chunk) {
            values.addString(t.transactionId())
                    .addString(t.storeId())
                    .addString(t.productId())
                    .addLocalDate(t.date())
                    .addLocalDateTime(UtcTimes.utc(t.ts()))
                    .addLong(t.quantity())
                    .addBigDecimal(t.unitPrice())
                    .addString(t.source());
        }
        String sql = INSERT_TRANSACTIONS.formatted(repeat("(?, ?, ?, ?, ?, ?, ?, ?)", ", ", chunk.size()));
        return conn.preparedQuery(sql).execute(values).replaceWithVoid();
    }

    private static Uni<Void> recompute(SqlConnection conn, List<DayKey> chunk) {
        return conn.preparedQuery(RECOMPUTE_DAYS.formatted(keys(chunk.size())))
                .execute(keyTuple(chunk))
                .replaceWithVoid();
    }

    private static Uni<List<DailySalesEvent>> readDays(SqlConnection conn, List<DayKey> days) {
        List<DailySalesEvent> result = new ArrayList<>(days.size());
        Uni<Void> reads = Uni.createFrom().voidItem();
        for (List<DayKey> chunk : chunks(days)) {
            reads = reads.chain(() -> conn.preparedQuery(SELECT_DAYS.formatted(keys(chunk.size())))
                    .execute(keyTuple(chunk))
                    .invoke(rows -> {
                        for (Row r : rows) {
                            result.add(new DailySalesEvent(
                                    r.getString("store_id"),
                                    r.getString("product_id"),
                                    r.getLocalDate("sale_date"),
                                    r.getLong("units"),
                                    r.getBigDecimal("revenue"),
                                    r.getLong("transactions")));
                        }
                    })
                    .replaceWithVoid());
        }
        return reads.replaceWith(result);
    }

    private static Tuple keyTuple(List<DayKey> chunk) {
        Tuple tuple = Tuple.tuple();
        chunk.forEach(d -> tuple.addString(d.storeId()).addString(d.productId()).addLocalDate(d.date()));
        return tuple;
    }

    private static String keys(int count) {
        return repeat(KEYS, " UNION ALL ", count);
    }

    private static String repeat(String part, String separator, int count) {
        StringBuilder sql = new StringBuilder(part.length() * count + separator.length() * count);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sql.append(separator);
            }
            sql.append(part);
        }
        return sql.toString();
    }

    private static <T> Uni<Void> inChunks(List<T> items, Function<List<T>, Uni<Void>> statement) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (List<T> chunk : chunks(items)) {
            chain = chain.chain(() -> statement.apply(chunk));
        }
        return chain;
    }

    private static <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>((items.size() + CHUNK - 1) / CHUNK);
        for (int from = 0; from < items.size(); from += CHUNK) {
            chunks.add(items.subList(from, Math.min(items.size(), from + CHUNK)));
        }
        return chunks;
    }
}
