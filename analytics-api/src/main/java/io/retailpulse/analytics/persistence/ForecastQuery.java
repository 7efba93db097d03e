package io.retailpulse.analytics.persistence;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.List;

/** Forecast rows of one run, filtered, keyset-paged by date, store, product. */
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
        PairDayFilter filter = PairDayFilter.of(store, product, from, to).and("runId = :run", "run", runId);
        if (after != null) {
            filter.after(after.date(), after.storeId(), after.productId());
        }
        return Forecast.<Forecast>find(filter.hql(), filter.params()).range(0, limit).list();
    }
}
