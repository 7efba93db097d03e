package io.retailpulse.forecasting.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.forecasting.aggregation.SeriesKey;
import io.retailpulse.forecasting.model.Metrics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * {@code forecast}, {@code forecast_metrics}, {@code forecast_candidate} and the pairs' completion in
 * {@code forecast_run_pair}: one transaction per work item (many store-products), with multi-row statements.
 * Idempotent: a pair's rows are inserted with {@code INSERT IGNORE} on their primary keys and its completion only
 * fills a pending pair, so an item Kafka redelivers (after a crash or a rebalance) stores nothing twice.
 */
@ApplicationScoped
public class ForecastRepository {
    public static final String MODEL = "prophet-like";
    public static final String NAIVE = "seasonal-naive";

    /** How a pair of a run ended. */
    public enum Outcome {
        FORECAST,
        SKIPPED,
        FAILED
    }

    /** One finished pair: its outcome and, for FORECAST, what to store; for FAILED, why. */
    public record Finished(SeriesKey key, Outcome outcome, PairForecast forecast, String reason) {
        public Finished(SeriesKey key, Outcome outcome, PairForecast forecast) {
            this(key, outcome, forecast, null);
        }

        /** The pair FAILED with {@code reason} (at most 500 characters kept). */
        public static Finished failed(SeriesKey key, String reason) {
            String r = String.valueOf(reason);
            return new Finished(key, Outcome.FAILED, null, r.length() <= 500 ? r : r.substring(0, 500));
        }
    }

    // One multi-row statement per kind: the MySQL client would send a batch as one round trip per row.
    private static final String INSERT_FORECAST = """
            INSERT IGNORE INTO forecast (run_id, store_id, product_id, forecast_date, yhat, yhat_lower, yhat_upper,
                                         trend, weekly, yearly, holidays, components, model)
            VALUES %s""";
    private static final String FORECAST_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int FORECAST_COLUMNS = 13;

    private static final String INSERT_METRICS = """
            INSERT IGNORE INTO forecast_metrics (run_id, store_id, product_id, model, train_days, test_days, mae, rmse,
                                                 mape, smape, mase, r2, coverage)
            VALUES %s""";
    private static final String METRICS_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String INSERT_CANDIDATES = """
            INSERT IGNORE INTO forecast_candidate (run_id, store_id, product_id, candidate, backtest, mase, smape, chosen)
            VALUES %s""";
    private static final String CANDIDATE_ROW = "(?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * Fills pending pairs only. The pairs were planned, so every row is a duplicate key; outcome is assigned last
     * (MySQL assigns left to right), so the other columns still see the old, null outcome.
     */
    private static final String COMPLETE = """
            INSERT INTO forecast_run_pair (run_id, store_id, product_id, outcome, model, worker, reason, done_at)
            VALUES %s
            ON DUPLICATE KEY UPDATE
                model = IF(outcome IS NULL, VALUES(model), model),
                reason = IF(outcome IS NULL, VALUES(reason), reason),
                worker = IF(outcome IS NULL, VALUES(worker), worker),
                done_at = IF(outcome IS NULL, VALUES(done_at), done_at),
                outcome = IF(outcome IS NULL, VALUES(outcome), outcome)""";

    private static final String PAIR_ROW = "(?, ?, ?, ?, ?, ?, ?, NOW(3))";

    /** Rows per statement, well under MySQL's 65,535 placeholders. */
    private static final int MAX_ROWS = 2000;

    private final Pool pool;
    private final ObjectMapper mapper;

    public ForecastRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /** Stores a work item's pairs in one transaction; rows in key order, so concurrent duplicates cannot deadlock. */
    public Uni<Void> save(long runId, List<Finished> finished, String worker) {
        if (finished.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Finished> sorted = new ArrayList<>(finished);
        sorted.sort(Comparator.comparing((Finished f) -> f.key().storeId())
                .thenComparing(f -> f.key().productId()));
        List<List<Object>> forecastRows = new ArrayList<>();
        List<List<Object>> metricRows = new ArrayList<>();
        List<List<Object>> pairRows = new ArrayList<>();
        List<List<Object>> candidateRows = new ArrayList<>();
        for (Finished f : sorted) {
            PairForecast p = f.forecast();
            if (p != null) {
                for (PairForecast.Day d : p.days()) {
                    forecastRows.add(Arrays.asList(
                            runId,
                            p.key().storeId(),
                            p.key().productId(),
                            d.date(),
                            d.yhat(),
                            d.lower(),
                            d.upper(),
                            d.components().get("trend"),
                            d.components().get("weekly"),
                            d.components().get("yearly"),
                            d.components().get("holidays"),
                            d.components().isEmpty() ? null : json(d),
                            p.used()));
                }
                if (p.model() != null) {
                    String label = PairForecaster.PROPHET.equals(p.used()) ? MODEL : p.used();
                    metricRows.add(metrics(runId, p, label, p.model()));
                    metricRows.add(metrics(runId, p, NAIVE, p.naive()));
                }
                for (PairForecast.Candidate c : p.candidates()) {
                    candidateRows.add(Arrays.asList(
                            runId,
                            p.key().storeId(),
                            p.key().productId(),
                            c.name(),
                            c.backtest(),
                            finite(c.mase()),
                            finite(c.smape()),
                            c.chosen()));
                }
            }
            pairRows.add(Arrays.asList(
                    runId,
                    f.key().storeId(),
                    f.key().productId(),
                    f.outcome().name(),
                    p == null ? null : p.used(),
                    worker,
                    f.reason()));
        }
        return pool.withTransaction(conn -> insert(conn, INSERT_FORECAST, FORECAST_ROW, forecastRows)
                .chain(() -> insert(conn, INSERT_METRICS, METRICS_ROW, metricRows))
                .chain(() -> insert(conn, INSERT_CANDIDATES, CANDIDATE_ROW, candidateRows))
                .chain(() -> insert(conn, COMPLETE, PAIR_ROW, pairRows)));
    }

    private static Uni<Void> insert(SqlConnection conn, String sql, String row, List<List<Object>> rows) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < rows.size(); from += MAX_ROWS) {
            List<List<Object>> chunk = rows.subList(from, Math.min(rows.size(), from + MAX_ROWS));
            List<Object> values = new ArrayList<>(chunk.size() * FORECAST_COLUMNS);
            chunk.forEach(values::addAll);
            String statement = sql.formatted(String.join(", ", Collections.nCopies(chunk.size(), row)));
            chain = chain.chain(() ->
                    conn.preparedQuery(statement).execute(Tuple.tuple(values)).replaceWithVoid());
        }
        return chain;
    }

    private static List<Object> metrics(long runId, PairForecast f, String model, Metrics m) {
        return Arrays.asList(
                runId,
                f.key().storeId(),
                f.key().productId(),
                model,
                f.trainDays() - f.testDays(),
                f.testDays(),
                finite(m.mae()),
                finite(m.rmse()),
                finite(m.mape()),
                finite(m.smape()),
                finite(m.mase()),
                finite(m.r2()),
                finite(m.coverage()));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private String json(PairForecast.Day d) {
        try {
            return mapper.writeValueAsString(d.components());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
