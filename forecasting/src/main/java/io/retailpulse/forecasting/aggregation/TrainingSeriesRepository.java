package io.retailpulse.forecasting.aggregation;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training series: per store-product and day, units from transactions ({@code daily_sales}) plus imported
 * history ({@code sales_history}). The two sources are added, as they count different sales (an import covers
 * days the platform did not see as transactions); importing a day that also arrived as transactions counts it twice.
 */
@ApplicationScoped
public class TrainingSeriesRepository {
    private static final String AS_OF = """
            SELECT MAX(d) AS as_of FROM (
                SELECT MAX(sale_date) AS d FROM daily_sales
                UNION ALL SELECT MAX(sale_date) AS d FROM sales_history) x""";

    /** Every store-product with data in either source (a run plans these). */
    // GROUP BY on the primary key's prefix: a loose index scan (one probe per pair), not a scan of every day.
    public static final String PAIRS = """
            SELECT store_id, product_id FROM daily_sales GROUP BY store_id, product_id
            UNION SELECT store_id, product_id FROM sales_history GROUP BY store_id, product_id
            ORDER BY store_id, product_id""";

    private static final String SERIES = """
            SELECT sale_date, SUM(units) AS units FROM (
                SELECT sale_date, units FROM daily_sales WHERE store_id = ? AND product_id = ? AND sale_date <= ?
                UNION ALL
                SELECT sale_date, units FROM sales_history WHERE store_id = ? AND product_id = ? AND sale_date <= ?) x
            GROUP BY sale_date""";

    /** Many series in one round trip; the two sources are summed in Java (cheaper than GROUP BY on the server). */
    private static final String MANY = """
            SELECT store_id, product_id, sale_date, units FROM daily_sales WHERE sale_date <= ? AND (%1$s)
            UNION ALL
            SELECT store_id, product_id, sale_date, units FROM sales_history WHERE sale_date <= ? AND (%1$s)""";

    private static final String PAIR = "(store_id = ? AND product_id = ?)";

    private final Pool pool;

    public TrainingSeriesRepository(Pool pool) {
        this.pool = pool;
    }

    /** The last day with data in either source, or null when there is none. */
    public Uni<LocalDate> asOf() {
        return pool.query(AS_OF).execute().map(rows -> rows.iterator().next().getLocalDate("as_of"));
    }

    public Uni<List<SeriesKey>> pairs() {
        return pool.query(PAIRS).execute().map(rows -> {
            List<SeriesKey> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new SeriesKey(r.getString("store_id"), r.getString("product_id")));
            }
            return out;
        });
    }

    /**
     * The series of many pairs in one query (a forecast run's work item), in {@code keys} order. An OR of
     * (store, product) equalities: each is a range on both tables' primary keys.
     */
    public Uni<Map<SeriesKey, DailySeries>> series(List<SeriesKey> keys, LocalDate asOf) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String pairs = String.join(" OR ", java.util.Collections.nCopies(keys.size(), PAIR));
        List<Object> args = new ArrayList<>(4 * keys.size() + 2);
        for (int source = 0; source < 2; source++) {
            args.add(asOf);
            for (SeriesKey k : keys) {
                args.add(k.storeId());
                args.add(k.productId());
            }
        }
        return pool.preparedQuery(MANY.formatted(pairs))
                .execute(Tuple.tuple(args))
                .map(rows -> {
                    Map<SeriesKey, Map<LocalDate, Long>> totals = new HashMap<>();
                    for (Row r : rows) {
                        SeriesKey k = new SeriesKey(r.getString(0), r.getString(1));
                        totals.computeIfAbsent(k, x -> new HashMap<>())
                                .merge(r.getLocalDate(2), r.getLong(3), Long::sum);
                    }
                    Map<SeriesKey, DailySeries> out = new java.util.LinkedHashMap<>();
                    for (SeriesKey k : keys) {
                        out.put(k, DailySeries.of(k, totals.getOrDefault(k, Map.of()), asOf));
                    }
                    return out;
                });
    }

    public Uni<DailySeries> series(SeriesKey key, LocalDate asOf) {
        return pool.preparedQuery(SERIES)
                .execute(Tuple.of(key.storeId(), key.productId(), asOf, key.storeId(), key.productId(), asOf))
                .map(rows -> {
                    Map<LocalDate, Long> totals = new HashMap<>();
                    for (Row r : rows) {
                        totals.put(r.getLocalDate("sale_date"), r.getLong("units"));
                    }
                    return DailySeries.of(key, totals, asOf);
                });
    }
}
