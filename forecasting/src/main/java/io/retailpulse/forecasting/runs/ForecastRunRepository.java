package io.retailpulse.forecasting.runs;

import static io.retailpulse.common.values.UtcTimes.utc;

import io.retailpulse.forecasting.aggregation.SeriesKey;
import io.retailpulse.forecasting.aggregation.TrainingSeriesRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.mysqlclient.MySQLClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.mysqlclient.MySQLException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * {@code forecast_run} (one row per run: status, progress, global metrics) and {@code forecast_run_pair} (the
 * run's plan and each pair's completion), shared by every replica.
 */
@ApplicationScoped
public class ForecastRunRepository {
    /** A run as stored. */
    public record Run(
            long runId,
            String status,
            String trigger,
            int horizonDays,
            LocalDate asOf,
            int total,
            int done,
            int skipped,
            int failed,
            LocalDateTime startedAt,
            LocalDateTime finishedAt,
            String error,
            RunMetrics.Summary metrics,
            String model,
            String pooling) {}

    /** A RUNNING run as a starting replica finds it. */
    public record Unfinished(long runId, LocalDate asOf, boolean planned, boolean published) {}

    /** A work item to publish: its number in the run (the record's key is {@code <runId>-<index>}) and its pairs. */
    public record Item(int index, List<SeriesKey> pairs) {}

    /** A FAILED pair and why. */
    public record Failure(String storeId, String productId, String reason) {}

    /** Finished pairs per replica and outcome, and per model. */
    public record Progress(String worker, String outcome, String model, int pairs) {}

    /** MySQL advisory lock: one replica at a time checks for a running run and creates one. */
    private static final int DUPLICATE_KEY = 1062; // MariaDB ER_DUP_ENTRY

    private static final String START_LOCK = "retailpulse.forecast-run.start";

    private static final String STALE = """
            UPDATE forecast_run r SET status = 'FAILED', finished_at = CURRENT_TIMESTAMP(3),
                error = 'stalled: no store-product finished for %d s (work items lost or no replica consuming)'
            WHERE status = 'RUNNING' AND GREATEST(started_at, COALESCE(
                (SELECT MAX(done_at) FROM forecast_run_pair p WHERE p.run_id = r.run_id), started_at))
                < CURRENT_TIMESTAMP(3) - INTERVAL ? SECOND""";

    private static final String CREATE = """
            INSERT INTO forecast_run (status, trigger_source, horizon_days, model, pooling, scheduled_for)
            SELECT 'RUNNING', ?, ?, ?, ?, ? FROM DUAL
            WHERE NOT EXISTS (SELECT 1 FROM forecast_run WHERE status = 'RUNNING')""";

    private static final String PLAN = "INSERT IGNORE INTO forecast_run_pair (run_id, store_id, product_id) "
            + "SELECT ?, store_id, product_id FROM (" + TrainingSeriesRepository.PAIRS + ") p";

    private static final String SUMMARY = """
            SELECT (SELECT COUNT(*) FROM forecast_run_pair WHERE run_id = ?) AS total,
                   (SELECT COUNT(*) FROM forecast_run_pair WHERE run_id = ? AND outcome = 'SKIPPED') AS skipped,
                   (SELECT COUNT(*) FROM forecast_run_pair WHERE run_id = ? AND outcome = 'FAILED') AS failed,
                   m.backtested, m.mae, m.rmse, m.smape, m.mase, m.r2, m.coverage,
                   n.mae AS n_mae, n.rmse AS n_rmse, n.smape AS n_smape, n.mase AS n_mase
            FROM (SELECT COUNT(*) AS backtested, AVG(mae) AS mae, AVG(rmse) AS rmse, AVG(smape) AS smape,
                         AVG(mase) AS mase, AVG(r2) AS r2, AVG(coverage) AS coverage
                  FROM forecast_metrics WHERE run_id = ? AND model <> 'seasonal-naive') m,
                 (SELECT AVG(mae) AS mae, AVG(rmse) AS rmse, AVG(smape) AS smape, AVG(mase) AS mase
                  FROM forecast_metrics WHERE run_id = ? AND model = 'seasonal-naive') n""";

    private final Pool pool;

    public ForecastRunRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * A new RUNNING run, unless one is running in the cluster (empty then). Under a MySQL advisory lock, so two
     * replicas asked at once cannot both start one. A run with no pair finished for {@code staleAfter} is marked
     * FAILED first: it would otherwise block every run forever.
     */
    public Uni<Optional<Long>> createIfIdle(
            String trigger, int horizonDays, String model, String pooling, Instant scheduledFor, Duration staleAfter) {
        return pool.withConnection(conn -> conn.preparedQuery("SELECT GET_LOCK(?, 10) AS got")
                .execute(Tuple.of(START_LOCK))
                .chain(locked -> {
                    Integer got = locked.iterator().next().getInteger("got");
                    if (got == null || got != 1) {
                        return Uni.createFrom()
                                .failure(new io.retailpulse.common.api.ProblemException(
                                        409,
                                        "Conflict",
                                        "another replica is starting a forecast run; try again later",
                                        null));
                    }
                    Uni<Optional<Long>> create = conn.preparedQuery(STALE.formatted(staleAfter.toSeconds()))
                            .execute(Tuple.of(staleAfter.toSeconds()))
                            .chain(() -> conn.preparedQuery(CREATE)
                                    .execute(Tuple.from(
                                            Arrays.asList(trigger, horizonDays, model, pooling, utc(scheduledFor)))))
                            .map(rows -> rows.rowCount() == 0
                                    ? Optional.<Long>empty()
                                    : Optional.of(rows.property(MySQLClient.LAST_INSERTED_ID)))
                            // each fire time runs once in the cluster (unique key, V9)
                            .onFailure(e -> e instanceof MySQLException m && m.getErrorCode() == DUPLICATE_KEY)
                            .transform(e -> new io.retailpulse.common.api.ProblemException(
                                    409,
                                    "Conflict",
                                    "the run scheduled for " + scheduledFor + " has already started",
                                    null));
                    return create.onTermination()
                            .call(() -> conn.preparedQuery("SELECT RELEASE_LOCK(?)")
                                    .execute(Tuple.of(START_LOCK))
                                    .onFailure()
                                    .recoverWithNull());
                }));
    }

    /** Writes the run's plan: every store-product with data, in one statement; answers the number of pairs. */
    public Uni<Integer> plan(long runId, LocalDate asOf) {
        if (asOf == null) {
            return pool.preparedQuery("UPDATE forecast_run SET total = 0, planned_at = CURRENT_TIMESTAMP(3) "
                            + "WHERE run_id = ?")
                    .execute(Tuple.of(runId))
                    .replaceWith(0);
        }
        return pool.withTransaction(conn -> conn.preparedQuery(PLAN)
                .execute(Tuple.of(runId))
                .chain(() -> conn.preparedQuery("SELECT COUNT(*) AS n FROM forecast_run_pair WHERE run_id = ?")
                        .execute(Tuple.of(runId)))
                .map(rows -> rows.iterator().next().getInteger("n"))
                .call(total -> conn.preparedQuery("UPDATE forecast_run SET total = ?, as_of_date = ?, "
                                + "planned_at = CURRENT_TIMESTAMP(3) WHERE run_id = ?")
                        .execute(Tuple.of(total, asOf, runId))));
    }

    /** The run's pairs not finished yet, in key order. */
    public Uni<List<SeriesKey>> pending(long runId) {
        return keys(
                "SELECT store_id, product_id FROM forecast_run_pair WHERE run_id = ? "
                        + "AND outcome IS NULL ORDER BY store_id, product_id",
                runId);
    }

    /**
     * Groups the run's pending pairs into work items of {@code size} pairs in key order, numbered after every item
     * the run had (a resumed run's new items never reuse an old number), and records each pair's item: a record
     * that cannot be read is matched to its pairs by its key alone.
     */
    public Uni<List<Item>> assignItems(long runId, int size) {
        return pool.withTransaction(conn -> conn.preparedQuery(
                                "SELECT COALESCE(MAX(item) + 1, 0) AS next FROM forecast_run_pair WHERE run_id = ?")
                        .execute(Tuple.of(runId))
                        .map(rows -> rows.iterator().next().getInteger("next"))
                        .chain(next -> conn.preparedQuery("""
                                UPDATE forecast_run_pair p JOIN (
                                    SELECT store_id, product_id,
                                           ? + FLOOR((ROW_NUMBER() OVER (ORDER BY store_id, product_id) - 1) / ?) AS item
                                    FROM forecast_run_pair WHERE run_id = ? AND outcome IS NULL) x
                                  ON p.run_id = ? AND p.store_id = x.store_id AND p.product_id = x.product_id
                                SET p.item = x.item""").execute(Tuple.of(next, size, runId, runId))))
                .chain(() -> pool.preparedQuery("SELECT item, store_id, product_id FROM forecast_run_pair "
                                + "WHERE run_id = ? AND outcome IS NULL ORDER BY item, store_id, product_id")
                        .execute(Tuple.of(runId)))
                .map(rows -> {
                    List<Item> out = new ArrayList<>();
                    List<SeriesKey> pairs = null;
                    int current = -1;
                    for (Row r : rows) {
                        int item = r.getInteger(0);
                        if (pairs == null || item != current) {
                            pairs = new ArrayList<>();
                            out.add(new Item(item, pairs));
                            current = item;
                        }
                        pairs.add(new SeriesKey(r.getString(1), r.getString(2)));
                    }
                    return out;
                });
    }

    /**
     * Marks the still pending pairs of the run's item {@code item} FAILED with {@code reason} (its record could not
     * be read); answers how many.
     */
    public Uni<Integer> failItem(long runId, int item, String reason, String worker) {
        return pool.preparedQuery("""
                UPDATE forecast_run_pair SET outcome = 'FAILED', reason = ?, worker = ?, done_at = NOW(3)
                WHERE run_id = ? AND item = ? AND outcome IS NULL""")
                .execute(Tuple.of(truncate(reason, 500), worker, runId, item))
                .map(rows -> rows.rowCount());
    }

    /** Marks the still pending ones of {@code keys} FAILED with {@code reason}; answers how many. */
    public Uni<Integer> failPairs(long runId, List<SeriesKey> keys, String reason, String worker) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Object> args = new ArrayList<>(3 + 2 * keys.size());
        args.add(truncate(reason, 500));
        args.add(worker);
        args.add(runId);
        for (SeriesKey k : keys) {
            args.add(k.storeId());
            args.add(k.productId());
        }
        String pairs = String.join(" OR ", Collections.nCopies(keys.size(), "(store_id = ? AND product_id = ?)"));
        return pool.preparedQuery("UPDATE forecast_run_pair SET outcome = 'FAILED', reason = ?, worker = ?, "
                        + "done_at = NOW(3) WHERE run_id = ? AND outcome IS NULL AND (" + pairs + ")")
                .execute(Tuple.tuple(args))
                .map(rows -> rows.rowCount());
    }

    /** Up to {@code limit} of the run's FAILED pairs with their reasons, in key order. */
    public Uni<List<Failure>> failures(long runId, int limit) {
        return pool.preparedQuery("SELECT store_id, product_id, reason FROM forecast_run_pair WHERE run_id = ? "
                        + "AND outcome = 'FAILED' ORDER BY store_id, product_id LIMIT ?")
                .execute(Tuple.of(runId, limit))
                .map(rows -> {
                    List<Failure> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(new Failure(r.getString(0), r.getString(1), r.getString(2)));
                    }
                    return out;
                });
    }

    /** Every pair of the run, in key order. */
    public Uni<List<SeriesKey>> all(long runId) {
        return keys(
                "SELECT store_id, product_id FROM forecast_run_pair WHERE run_id = ? ORDER BY store_id, product_id",
                runId);
    }

    private Uni<List<SeriesKey>> keys(String sql, long runId) {
        return pool.preparedQuery(sql).execute(Tuple.of(runId)).map(rows -> {
            List<SeriesKey> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new SeriesKey(r.getString(0), r.getString(1)));
            }
            return out;
        });
    }

    /** Which of {@code keys} the run still has pending (a redelivered item's finished pairs are left out). */
    public Uni<List<SeriesKey>> pending(long runId, List<SeriesKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Object> args = new ArrayList<>(1 + 2 * keys.size());
        args.add(runId);
        for (SeriesKey k : keys) {
            args.add(k.storeId());
            args.add(k.productId());
        }
        String pairs = String.join(" OR ", Collections.nCopies(keys.size(), "(store_id = ? AND product_id = ?)"));
        return pool.preparedQuery("SELECT store_id, product_id FROM forecast_run_pair WHERE run_id = ? "
                        + "AND outcome IS NULL AND (" + pairs + ")")
                .execute(Tuple.tuple(args))
                .map(rows -> {
                    java.util.Set<SeriesKey> open = new java.util.HashSet<>();
                    for (Row r : rows) {
                        open.add(new SeriesKey(r.getString(0), r.getString(1)));
                    }
                    return keys.stream().filter(open::contains).distinct().toList();
                });
    }

    public Uni<Void> published(long runId) {
        return pool.preparedQuery("UPDATE forecast_run SET published_at = CURRENT_TIMESTAMP(3) WHERE run_id = ?")
                .execute(Tuple.of(runId))
                .replaceWithVoid();
    }

    /** Pairs of the run not finished yet (an index range). */
    public Uni<Integer> remaining(long runId) {
        return pool.preparedQuery("SELECT COUNT(*) AS n FROM forecast_run_pair WHERE run_id = ? AND outcome IS NULL")
                .execute(Tuple.of(runId))
                .map(rows -> rows.iterator().next().getInteger("n"));
    }

    /**
     * Whether any pair of the run is pending: one index probe, where {@link #remaining} counts every pending pair
     * (asked after every item, that count made a run's cost grow with the square of its pairs).
     */
    public Uni<Boolean> anyPending(long runId) {
        return pool.preparedQuery("SELECT 1 FROM forecast_run_pair WHERE run_id = ? AND outcome IS NULL LIMIT 1")
                .execute(Tuple.of(runId))
                .map(rows -> rows.size() > 0);
    }

    /**
     * Marks the run SUCCEEDED with its counts and backtest means, if it is planned, still RUNNING and no pair is
     * pending; true for the one caller that did it (every replica may try, the conditional update lets one win).
     */
    public Uni<Boolean> finishIfComplete(long runId) {
        return pool.preparedQuery(SUMMARY)
                .execute(Tuple.of(runId, runId, runId, runId, runId))
                .chain(rows -> {
                    Row r = rows.iterator().next();
                    int total = r.getInteger("total");
                    int skipped = r.getInteger("skipped");
                    int failed = r.getInteger("failed");
                    Long backtested = r.getLong("backtested");
                    RunMetrics.Summary m = new RunMetrics.Summary(
                            backtested == null ? 0 : backtested.intValue(),
                            r.getDouble("mae"),
                            r.getDouble("rmse"),
                            r.getDouble("smape"),
                            r.getDouble("mase"),
                            r.getDouble("r2"),
                            r.getDouble("coverage"),
                            r.getDouble("n_mae"),
                            r.getDouble("n_rmse"),
                            r.getDouble("n_smape"),
                            r.getDouble("n_mase"));
                    return pool.preparedQuery("""
                    UPDATE forecast_run SET status = 'SUCCEEDED', finished_at = ?, total = ?, done = ?, skipped = ?,
                        failed = ?, backtested = ?, model_mae = ?, model_rmse = ?, model_smape = ?, model_mase = ?,
                        model_r2 = ?, model_coverage = ?, naive_mae = ?, naive_rmse = ?, naive_smape = ?, naive_mase = ?
                    WHERE run_id = ? AND status = 'RUNNING' AND planned_at IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM forecast_run_pair WHERE run_id = ? AND outcome IS NULL)""")
                            .execute(Tuple.tuple(Arrays.asList(
                                    LocalDateTime.now(ZoneOffset.UTC),
                                    total,
                                    total,
                                    skipped,
                                    failed,
                                    m.backtested(),
                                    m.modelMae(),
                                    m.modelRmse(),
                                    m.modelSmape(),
                                    m.modelMase(),
                                    m.modelR2(),
                                    m.modelCoverage(),
                                    m.naiveMae(),
                                    m.naiveRmse(),
                                    m.naiveSmape(),
                                    m.naiveMase(),
                                    runId,
                                    runId)))
                            .map(updated -> updated.rowCount() == 1);
                });
    }

    public Uni<Void> fail(long runId, String error) {
        return pool.preparedQuery("UPDATE forecast_run SET status = 'FAILED', finished_at = ?, error = ? "
                        + "WHERE run_id = ? AND status = 'RUNNING'")
                .execute(Tuple.of(LocalDateTime.now(ZoneOffset.UTC), truncate(error), runId))
                .replaceWithVoid();
    }

    /** Runs left RUNNING (by this or another replica): a starting replica resumes them. */
    public Uni<List<Unfinished>> unfinished() {
        return pool.query("SELECT run_id, as_of_date, planned_at, published_at FROM forecast_run "
                        + "WHERE status = 'RUNNING' ORDER BY run_id")
                .execute()
                .map(rows -> {
                    List<Unfinished> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Unfinished(
                                r.getLong(0), r.getLocalDate(1), r.getValue(2) != null, r.getValue(3) != null));
                    }
                    return out;
                });
    }

    public Uni<List<Progress>> progress(long runId) {
        return pool.preparedQuery("SELECT worker, outcome, model, COUNT(*) AS n FROM forecast_run_pair "
                        + "WHERE run_id = ? AND outcome IS NOT NULL GROUP BY worker, outcome, model")
                .execute(Tuple.of(runId))
                .map(rows -> {
                    List<Progress> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Progress(r.getString(0), r.getString(1), r.getString(2), r.getInteger(3)));
                    }
                    return out;
                });
    }

    public Uni<Optional<Run>> find(long runId) {
        return pool.preparedQuery("SELECT * FROM forecast_run WHERE run_id = ?")
                .execute(Tuple.of(runId))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(toRun(rows.iterator().next())));
    }

    private static Run toRun(Row r) {
        Integer backtested = r.getInteger("backtested");
        RunMetrics.Summary m = new RunMetrics.Summary(
                backtested == null ? 0 : backtested,
                r.getDouble("model_mae"),
                r.getDouble("model_rmse"),
                r.getDouble("model_smape"),
                r.getDouble("model_mase"),
                r.getDouble("model_r2"),
                r.getDouble("model_coverage"),
                r.getDouble("naive_mae"),
                r.getDouble("naive_rmse"),
                r.getDouble("naive_smape"),
                r.getDouble("naive_mase"));
        return new Run(
                r.getLong("run_id"),
                r.getString("status"),
                r.getString("trigger_source"),
                r.getInteger("horizon_days"),
                r.getLocalDate("as_of_date"),
                r.getInteger("total"),
                r.getInteger("done"),
                r.getInteger("skipped"),
                r.getInteger("failed"),
                r.getLocalDateTime("started_at"),
                r.getLocalDateTime("finished_at"),
                r.getString("error"),
                m,
                r.getString("model"),
                r.getString("pooling"));
    }

    private static String truncate(String s) {
        return truncate(s, 1000);
    }

    private static String truncate(String s, int max) {
        String v = String.valueOf(s);
        return v.length() <= max ? v : v.substring(0, max);
    }
}
