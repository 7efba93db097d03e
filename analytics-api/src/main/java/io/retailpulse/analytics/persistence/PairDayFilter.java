package io.retailpulse.analytics.persistence;

import io.quarkus.panache.common.Parameters;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters and keyset position of the store-product-day lists, as HQL over the fields {@code date},
 * {@code storeId}, {@code productId}. Values are always bound parameters, never concatenated.
 */
final class PairDayFilter {
    private final List<String> clauses = new ArrayList<>();
    private final Parameters params = new Parameters();

    static PairDayFilter of(String store, String product, LocalDate from, LocalDate to) {
        return new PairDayFilter()
                .and("storeId = :store", "store", store)
                .and("productId = :product", "product", product)
                .and("date >= :from", "from", from)
                .and("date <= :to", "to", to);
    }

    /** Adds the clause when the value is present. */
    PairDayFilter and(String clause, String name, Object value) {
        if (value != null) {
            clauses.add(clause);
            params.and(name, value);
        }
        return this;
    }

    /** Only rows after this key in (date, store, product) order; nothing for the first page. */
    PairDayFilter after(LocalDate date, String store, String product) {
        if (date != null) {
            clauses.add("(date > :cd or (date = :cd and (storeId > :cs or (storeId = :cs and productId > :cp))))");
            params.and("cd", date).and("cs", store).and("cp", product);
        }
        return this;
    }

    String hql() {
        return (clauses.isEmpty() ? "" : "where " + String.join(" and ", clauses)) + " order by date, storeId, productId";
    }

    Parameters params() {
        return params;
    }
}
