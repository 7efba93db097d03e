package io.retailpulse.analytics.lists;

import io.retailpulse.common.api.DatabaseGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDateTime;
import java.util.Iterator;

/** Which forecast and topic runs exist and finished (read-only: forecasting and inference own them). */
@ApplicationScoped
public class Runs {
    public static final String FORECAST_SUCCEEDED = "SUCCEEDED";
    public static final String TOPICS_DONE = "DONE";

    private final Pool pool;
    private final DatabaseGuard guard;

    public Runs(Pool pool, DatabaseGuard guard) {
        this.pool = pool;
        this.guard = guard;
    }

    /** A run's id, status and time window (null for forecast runs). */
    public record Run(long id, String status, LocalDateTime windowFrom, LocalDateTime windowTo) {}

    /** The newest forecast run that succeeded, or null when none has. */
    public Uni<Long> latestSucceededForecastRun() {
        return guard.bound(pool.preparedQuery("SELECT MAX(run_id) AS id FROM api_forecast_run WHERE status = ?")
                        .execute(Tuple.of(FORECAST_SUCCEEDED)))
                .map(rows -> first(rows).getLong("id")); // MAX: always one row
    }

    public Uni<Run> forecastRun(long id) {
        return guard.bound(pool.preparedQuery("SELECT run_id, status FROM api_forecast_run WHERE run_id = ?")
                        .execute(Tuple.of(id)))
                .map(rows -> {
                    Row row = first(rows);
                    return row == null ? null : new Run(row.getLong("run_id"), row.getString("status"), null, null);
                });
    }

    /** The newest topic run that is DONE, or null when none is. */
    public Uni<Run> latestDoneTopicRun() {
        return topicRun(
                "SELECT run_id, status, window_from, window_to FROM api_topic_run WHERE status = ? "
                        + "ORDER BY run_id DESC LIMIT 1",
                Tuple.of(TOPICS_DONE));
    }

    public Uni<Run> topicRun(long id) {
        return topicRun(
                "SELECT run_id, status, window_from, window_to FROM api_topic_run WHERE run_id = ?", Tuple.of(id));
    }

    private Uni<Run> topicRun(String sql, Tuple params) {
        return guard.bound(pool.preparedQuery(sql).execute(params)).map(rows -> {
            Row row = first(rows);
            return row == null
                    ? null
                    : new Run(
                            row.getLong("run_id"),
                            row.getString("status"),
                            row.getLocalDateTime("window_from"),
                            row.getLocalDateTime("window_to"));
        });
    }

    private static Row first(RowSet<Row> rows) {
        Iterator<Row> it = rows.iterator();
        return it.hasNext() ? it.next() : null;
    }
}
