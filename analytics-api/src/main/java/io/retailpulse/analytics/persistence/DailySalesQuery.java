package io.retailpulse.analytics.persistence;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.List;

/** Filtered keyset page over {@code daily_sales}, ordered by date, store, product. */
@ApplicationScoped
public class DailySalesQuery {

    /** Rows after {@code after} (null for the first page); fetches {@code limit + 1} to detect a next page. */
    public Uni<List<DailySales>> page(String store, String product, LocalDate from, LocalDate to,
            DailySales.Key after, int limit) {
        PairDayFilter filter = PairDayFilter.of(store, product, from, to);
        if (after != null) {
            filter.after(after.date(), after.storeId(), after.productId());
        }
        return DailySales.<DailySales>find(filter.hql(), filter.params()).range(0, limit).list();
    }
}
