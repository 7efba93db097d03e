package io.retailpulse.analytics.persistence;

import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Forecast rows of one run, filtered, keyset-paged by date, store, product. Values are always bound. */
@ApplicationScoped
public class ForecastQuery {

    /** The newest run that finished successfully, or null when none has. */
    public Uni<Long> latestSucceededRun() {
        return ForecastRun.find("select max(r.runId) from ForecastRun r where r.status = ?1", ForecastRun.SUCCEEDED)
                .project(Long.class).firstResult();
    }

    public Uni<ForecastRun> run(long runId) {
        return ForecastRun.findById(runId);
    }

    /** Rows after {@code after} (null for the first page); fetches {@code limit + 1} to detect a next page. */
    public Uni<List<Forecast>> page(long runId, String store, String product, LocalDate from, LocalDate to,
            Forecast.Key after, int limit) {
        List<String> where = new ArrayList<>(List.of("runId = :run"));
        Parameters params = Parameters.with("run", runId);
        if (store != null) {
            where.add("storeId = :store");
            params.and("store", store);
        }
        if (product != null) {
            where.add("productId = :product");
            params.and("product", product);
        }
        if (from != null) {
            where.add("date >= :from");
            params.and("from", from);
        }
        if (to != null) {
            where.add("date <= :to");
            params.and("to", to);
        }
        if (after != null) {
            where.add("(date > :cd or (date = :cd and (storeId > :cs or (storeId = :cs and productId > :cp))))");
            params.and("cd", after.date()).and("cs", after.storeId()).and("cp", after.productId());
        }
        String hql = "where " + String.join(" and ", where) + " order by date, storeId, productId";
        return Forecast.<Forecast>find(hql, params).range(0, limit).list();
    }
}
