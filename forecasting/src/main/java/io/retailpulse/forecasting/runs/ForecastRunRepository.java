package io.retailpulse.forecasting.runs;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.mysqlclient.MySQLClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;

/** {@code forecast_run}: one row per run with its status, progress and global metrics. */
@ApplicationScoped
public class ForecastRunRepository {
    /** A run as stored. */
    public record Run(long runId, String status, String trigger, int horizonDays, LocalDate asOf, int total, int done,
            int skipped, int failed, LocalDateTime startedAt, LocalDateTime finishedAt, String error,
            RunMetrics.Summary metrics) {
    }

    private final Pool pool;

    public ForecastRunRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Long> create(String trigger, int horizonDays) {
        return pool.preparedQuery("INSERT INTO forecast_run (status, trigger_source, horizon_days) VALUES ('RUNNING', ?, ?)")
                .execute(Tuple.of(trigger, horizonDays))
                .map(rows -> rows.property(MySQLClient.LAST_INSERTED_ID));
    }

    public Uni<Void> plan(long runId, int total, LocalDate asOf) {
        return pool.preparedQuery("UPDATE forecast_run SET total = ?, as_of_date = ? WHERE run_id = ?")
                .execute(Tuple.of(total, asOf, runId)).replaceWithVoid();
    }

    public Uni<Void> progress(long runId, boolean skipped, boolean failed) {
        return pool.preparedQuery("UPDATE forecast_run SET done = done + 1, skipped = skipped + ?, failed = failed + ? "
                + "WHERE run_id = ?").execute(Tuple.of(skipped ? 1 : 0, failed ? 1 : 0, runId)).replaceWithVoid();
    }

    public Uni<Void> finish(long runId, String status, RunMetrics.Summary m, String error) {
        return pool.preparedQuery("""
                UPDATE forecast_run SET status = ?, finished_at = ?, error = ?, backtested = ?,
                    model_mae = ?, model_rmse = ?, model_smape = ?, model_mase = ?, model_r2 = ?, model_coverage = ?,
                    naive_mae = ?, naive_rmse = ?, naive_smape = ?, naive_mase = ?
                WHERE run_id = ?""").execute(Tuple.tuple(Arrays.asList(status,
                LocalDateTime.now(ZoneOffset.UTC), error == null ? null : truncate(error), m.backtested(),
                m.modelMae(), m.modelRmse(), m.modelSmape(), m.modelMase(), m.modelR2(), m.modelCoverage(),
                m.naiveMae(), m.naiveRmse(), m.naiveSmape(), m.naiveMase(), runId))).replaceWithVoid();
    }

    /** Runs left RUNNING by a stopped process can never finish: mark them failed. */
    public Uni<Integer> failInterrupted() {
        return pool.query("UPDATE forecast_run SET status = 'FAILED', error = 'interrupted by a restart', "
                + "finished_at = CURRENT_TIMESTAMP(3) WHERE status = 'RUNNING'").execute().map(r -> r.rowCount());
    }

    public Uni<Optional<Run>> find(long runId) {
        return pool.preparedQuery("SELECT * FROM forecast_run WHERE run_id = ?").execute(Tuple.of(runId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRun(rows.iterator().next())));
    }

    private static Run toRun(Row r) {
        Integer backtested = r.getInteger("backtested");
        RunMetrics.Summary m = new RunMetrics.Summary(backtested == null ? 0 : backtested, r.getDouble("model_mae"),
                r.getDouble("model_rmse"), r.getDouble("model_smape"), r.getDouble("model_mase"), r.getDouble("model_r2"),
                r.getDouble("model_coverage"), r.getDouble("naive_mae"), r.getDouble("naive_rmse"),
                r.getDouble("naive_smape"), r.getDouble("naive_mase"));
        return new Run(r.getLong("run_id"), r.getString("status"), r.getString("trigger_source"),
                r.getInteger("horizon_days"), r.getLocalDate("as_of_date"), r.getInteger("total"), r.getInteger("done"),
                r.getInteger("skipped"), r.getInteger("failed"), r.getLocalDateTime("started_at"),
                r.getLocalDateTime("finished_at"), r.getString("error"), m);
    }

    private static String truncate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
