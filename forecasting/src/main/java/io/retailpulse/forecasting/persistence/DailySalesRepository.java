package io.retailpulse.forecasting.persistence;

import io.retailpulse.common.events.DailySalesEvent;
import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.forecasting.domain.DayKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes transactions once and recomputes the touched days from them. Recomputing (rather than adding
 * deltas) makes the totals exact whatever arrives twice, late or out of order.
 */
@ApplicationScoped
public class DailySalesRepository {
    private static final String INSERT_TRANSACTION = """
            INSERT INTO sales_transaction
                (transaction_id, store_id, product_id, sale_date, ts, quantity, unit_price, source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE transaction_id = transaction_id""";

    private static final String RECOMPUTE_DAY = """
            INSERT INTO daily_sales (store_id, product_id, sale_date, units, revenue, transactions)
            SELECT store_id, product_id, sale_date, SUM(quantity), SUM(quantity * unit_price), COUNT(*)
            FROM sales_transaction
            WHERE store_id = ? AND product_id = ? AND sale_date = ?
            GROUP BY store_id, product_id, sale_date
            ON DUPLICATE KEY UPDATE units = VALUES(units), revenue = VALUES(revenue),
                                    transactions = VALUES(transactions)""";

    private static final String SELECT_DAY = """
            SELECT store_id, product_id, sale_date, units, revenue, transactions
            FROM daily_sales WHERE store_id = ? AND product_id = ? AND sale_date = ?""";

    private final Pool pool;

    public DailySalesRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores the batch in one transaction and returns the new totals of every day it touched. */
    public Uni<List<DailySalesEvent>> apply(List<TransactionEvent> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Set<DayKey> days = new LinkedHashSet<>();
        List<Tuple> rows = new ArrayList<>(batch.size());
        for (TransactionEvent t : batch) {
            days.add(new DayKey(t.storeId(), t.productId(), t.date()));
            rows.add(Tuple.tuple(List.of(t.transactionId(), t.storeId(), t.productId(), t.date(),
                    LocalDateTime.ofInstant(t.ts(), ZoneOffset.UTC), t.quantity(), t.unitPrice(), t.source())));
        }
        List<Tuple> dayKeys = days.stream().map(d -> Tuple.of(d.storeId(), d.productId(), d.date())).toList();
        return pool.withTransaction(conn -> conn.preparedQuery(INSERT_TRANSACTION).executeBatch(rows)
                .chain(() -> conn.preparedQuery(RECOMPUTE_DAY).executeBatch(dayKeys))
                .chain(() -> readDays(conn, dayKeys)));
    }

    private static Uni<List<DailySalesEvent>> readDays(SqlConnection conn, List<Tuple> dayKeys) {
        return conn.preparedQuery(SELECT_DAY).executeBatch(dayKeys).map(first -> {
            List<DailySalesEvent> result = new ArrayList<>(dayKeys.size());
            // executeBatch returns one RowSet per tuple, chained through next().
            for (var rs = first; rs != null; rs = rs.next()) {
                for (Row r : rs) {
                    result.add(new DailySalesEvent(r.getString("store_id"), r.getString("product_id"),
                            r.getLocalDate("sale_date"), r.getLong("units"), r.getBigDecimal("revenue"),
                            r.getLong("transactions")));
                }
            }
            return result;
        });
    }
}
