package io.retailpulse.forecasting.runs;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.retailpulse.forecasting.aggregation.SeriesKey;
import java.time.LocalDate;
import java.util.List;

/**
 * One record on {@code forecasting.work}: a few store-products of a run to fit with the run's last day, and the
 * run's pooled seasonal shapes when pooling is on (empty otherwise), and the run's regressors (empty: none; absent
 * in items of earlier versions), and the totals of its pairs when the run pools top-down (null otherwise), so every
 * replica fits the same way. JSON; the consumer refuses an item without a
 * run, a day or pairs (dead-lettered with the reason).
 */
@RegisterForReflection(
        targets = {
            WorkItem.class,
            SeriesKey.class,
            PooledShapes.class,
            RunRegressor.class,
            TopDown.class,
            TopDown.Total.class
        })
public record WorkItem(
        long runId,
        LocalDate asOf,
        List<SeriesKey> pairs,
        PooledShapes pooled,
        List<RunRegressor> regressors,
        TopDown topDown) {

    /** Without regressors. */
    public WorkItem(long runId, LocalDate asOf, List<SeriesKey> pairs, PooledShapes pooled) {
        this(runId, asOf, pairs, pooled, List.of(), null);
    }

    /** The run's regressors (never null). */
    public List<RunRegressor> regressorsOrNone() {
        return regressors == null ? List.of() : regressors;
    }

    /** The checks a consumed item must pass. */
    public WorkItem checked() {
        if (runId <= 0) {
            throw new IllegalArgumentException("work item without a runId");
        }
        if (asOf == null) {
            throw new IllegalArgumentException("work item of run " + runId + " without asOf");
        }
        if (pairs == null
                || pairs.isEmpty()
                || pairs.stream().anyMatch(p -> p == null || p.storeId() == null || p.productId() == null)) {
            throw new IllegalArgumentException(
                    "work item of run " + runId + " without pairs, or with an incomplete pair");
        }
        return pooled == null ? new WorkItem(runId, asOf, pairs, PooledShapes.NONE, regressors, topDown) : this;
    }
}
