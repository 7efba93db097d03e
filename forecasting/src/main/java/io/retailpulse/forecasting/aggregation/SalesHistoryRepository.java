package io.retailpulse.forecasting.aggregation;

import io.retailpulse.common.events.SalesHistoryEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Imported daily totals; a later record of the same store-product-day replaces the earlier (last write wins). */
@ApplicationScoped
public class SalesHistoryRepository {
    private static final String UPSERT = """
            INSERT INTO sales_history (store_id, product_id, sale_date, units, revenue, source)
            VALUES (?, ?, ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE units = VALUES(units), revenue = VALUES(revenue), source = VALUES(source)""";

    private final Pool pool;

    public SalesHistoryRepository(Pool pool) {
        this.pool = pool;
    }

    /** Writes the batch in record order, so within a batch the last record of a day wins too. */
    public Uni<Void> upsert(List<SalesHistoryEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(events.size());
        for (SalesHistoryEvent e : events) {
            rows.add(Tuple.tuple(Arrays.asList(
                    e.storeId(),
                    e.productId(),
                    e.date(),
                    e.units(),
                    e.revenue(),
                    e.source() == null ? "unknown" : e.source())));
        }
        return pool.withTransaction(conn -> conn.preparedQuery(UPSERT).executeBatch(rows))
                .replaceWithVoid();
    }
}
