package io.retailpulse.forecasting.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A run's regressors ({@code forecast_run.regressors}, JSON: read again when a run resumes, so its items carry the
 * same ones) and the per-pair outcomes ({@code forecast_run_regressor}: {@code INSERT IGNORE} on run, pair and
 * regressor, so a redelivered work item stores nothing twice).
 */
@ApplicationScoped
public class RunRegressorRepository {
    private static final TypeReference<List<RunRegressor>> LIST = new TypeReference<>() {};

    private static final String INSERT = """
            INSERT IGNORE INTO forecast_run_regressor (run_id, store_id, product_id, regressor, source, lag_days,
                future, known_days, backtest_days, backtest_with, backtest_without, helps, used, note)
            VALUES %s""";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int MAX_ROWS = 2000;

    private static final String SUMMARY = """
            SELECT regressor, MIN(source) AS source, MIN(lag_days) AS lag_days, MIN(future) AS future,
                   MAX(backtest_days) AS backtest_days, COUNT(*) AS pairs, SUM(backtest_with IS NOT NULL) AS backtested, SUM(helps = 1) AS helped,
                   SUM(used = 1) AS used, SUM(note IS NOT NULL) AS fallbacks,
                   AVG(backtest_with) AS mean_with, AVG(backtest_without) AS mean_without
            FROM forecast_run_regressor WHERE run_id = ? GROUP BY regressor ORDER BY regressor""";

    private static final String PAIRS = """
            SELECT store_id, product_id, regressor, source, lag_days, future, known_days, backtest_days, backtest_with,
                   backtest_without, helps, used, note
            FROM forecast_run_regressor WHERE run_id = ? %s ORDER BY store_id, product_id, regressor LIMIT 1000""";

    /** Per regressor over the run's pairs: how often it helped and its mean backtest error with and without it. */
    public record Summary(
            String name,
            String source,
            int lag,
            String future,
            int backtestDays,
            int pairs,
            int backtested,
            int helped,
            int used,
            int fallbacks,
            Double meanBacktestWith,
            Double meanBacktestWithout) {}

    /** One pair's row. */
    public record PairRow(
            String store,
            String product,
            String regressor,
            String source,
            int lag,
            String future,
            int knownDays,
            int backtestDays,
            Double backtestWith,
            Double backtestWithout,
            Boolean helps,
            boolean used,
            String note) {}

    private final Pool pool;
    private final ObjectMapper mapper;

    public RunRegressorRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    public Uni<Void> save(long runId, List<RunRegressor> regressors) {
        if (regressors.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String json;
        try {
            json = mapper.writeValueAsString(regressors);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return pool.preparedQuery("UPDATE forecast_run SET regressors = ? WHERE run_id = ?")
                .execute(Tuple.of(json, runId))
                .replaceWithVoid();
    }

    /** The run's regressors (empty: none, also for runs before V7). */
    public Uni<List<RunRegressor>> find(long runId) {
        return pool.preparedQuery("SELECT regressors FROM forecast_run WHERE run_id = ?")
                .execute(Tuple.of(runId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return List.of();
                    }
                    String json = rows.iterator().next().getString(0);
                    if (json == null || json.isBlank()) {
                        return List.of();
                    }
                    try {
                        return List.copyOf(mapper.readValue(json, LIST));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("forecast_run " + runId + " has unreadable regressors", e);
                    }
                });
    }

    /** Stores a work item's outcomes, rows in key order (concurrent duplicates cannot deadlock). */
    public Uni<Void> saveOutcomes(long runId, List<RunRegressors.Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<RunRegressors.Outcome> sorted = new ArrayList<>(outcomes);
        sorted.sort(Comparator.comparing((RunRegressors.Outcome o) -> o.key().storeId())
                .thenComparing(o -> o.key().productId())
                .thenComparing(o -> o.regressor().name()));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < sorted.size(); from += MAX_ROWS) {
            List<RunRegressors.Outcome> chunk = sorted.subList(from, Math.min(sorted.size(), from + MAX_ROWS));
            List<Object> values = new ArrayList<>(chunk.size() * 14);
            for (RunRegressors.Outcome o : chunk) {
                values.addAll(Arrays.asList(
                        runId,
                        o.key().storeId(),
                        o.key().productId(),
                        o.regressor().name(),
                        o.regressor().source(),
                        o.regressor().lagDays(),
                        o.regressor().future(),
                        o.knownDays(),
                        o.backtestDays(),
                        o.backtestWith(),
                        o.backtestWithout(),
                        o.helps(),
                        o.used(),
                        o.note() == null || o.note().length() <= 500
                                ? o.note()
                                : o.note().substring(0, 500)));
            }
            String sql = INSERT.formatted(String.join(", ", Collections.nCopies(chunk.size(), ROW)));
            chain = chain.chain(
                    () -> pool.preparedQuery(sql).execute(Tuple.from(values)).replaceWithVoid());
        }
        return chain;
    }

    public Uni<List<Summary>> summary(long runId) {
        return pool.preparedQuery(SUMMARY).execute(Tuple.of(runId)).map(rows -> {
            List<Summary> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Summary(
                        r.getString("regressor"),
                        r.getString("source"),
                        r.getInteger("lag_days"),
                        r.getString("future"),
                        intOf(r, "backtest_days"),
                        r.getInteger("pairs"),
                        intOf(r, "backtested"),
                        intOf(r, "helped"),
                        intOf(r, "used"),
                        intOf(r, "fallbacks"),
                        r.getDouble("mean_with"),
                        r.getDouble("mean_without")));
            }
            return out;
        });
    }

    /** The run's rows, optionally of one store and/or product (at most 1,000). */
    public Uni<List<PairRow>> pairs(long runId, String store, String product) {
        StringBuilder where = new StringBuilder();
        List<Object> params = new ArrayList<>(List.of(runId));
        if (store != null) {
            where.append(" AND store_id = ?");
            params.add(store);
        }
        if (product != null) {
            where.append(" AND product_id = ?");
            params.add(product);
        }
        return pool.preparedQuery(PAIRS.formatted(where))
                .execute(Tuple.from(params))
                .map(rows -> {
                    List<PairRow> out = new ArrayList<>();
                    for (Row r : rows) {
                        Boolean helps = r.getBoolean("helps");
                        out.add(new PairRow(
                                r.getString("store_id"),
                                r.getString("product_id"),
                                r.getString("regressor"),
                                r.getString("source"),
                                r.getInteger("lag_days"),
                                r.getString("future"),
                                r.getInteger("known_days"),
                                r.getInteger("backtest_days"),
                                r.getDouble("backtest_with"),
                                r.getDouble("backtest_without"),
                                helps,
                                Boolean.TRUE.equals(r.getBoolean("used")),
                                r.getString("note")));
                    }
                    return out;
                });
    }

    private static int intOf(Row r, String column) {
        Object v = r.getValue(column);
        return v == null ? 0 : ((Number) v).intValue();
    }
}
