package io.retailpulse.inference.complaints;

import static io.retailpulse.common.values.UtcTimes.instant;
import static io.retailpulse.common.values.UtcTimes.utc;

import io.retailpulse.common.api.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.mysqlclient.MySQLClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.mysqlclient.MySQLException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;

/** {@code topic_run}: one row per weekly run with its status, progress and change counts. */
@ApplicationScoped
public class TopicRunRepository {
    /** A run as stored. */
    public record Run(
            long runId,
            String status,
            String trigger,
            Instant windowFrom,
            Instant windowTo,
            int total,
            int done,
            Integer topics,
            Integer outliers,
            Integer unhappy,
            Integer newTopics,
            Integer grown,
            Integer shrunk,
            Integer stable,
            Integer vanished,
            String stageMillis,
            String message,
            Instant startedAt,
            Instant finishedAt) {}

    /** What a finished run found. */
    public record Outcome(
            int topics,
            int outliers,
            int unhappy,
            int newTopics,
            int grown,
            int shrunk,
            int stable,
            int vanished,
            String stageMillis) {}

    private static final int DUPLICATE_KEY = 1062; // MariaDB ER_DUP_ENTRY

    private final Pool pool;

    public TopicRunRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * A RUNNING run; {@code scheduledFor} is the schedule's fire time (null through the API). A fire time already
     * taken by another run fails with 409: each fire time runs once in the cluster (unique key, V6_4).
     */
    public Uni<Long> create(String trigger, Instant from, Instant to, Instant scheduledFor) {
        return pool.preparedQuery(
                        "INSERT INTO topic_run (status, trigger_source, window_from, window_to, scheduled_for) "
                                + "VALUES ('RUNNING', ?, ?, ?, ?)")
                .execute(Tuple.of(trigger, utc(from), utc(to), utc(scheduledFor)))
                .map(rows -> rows.property(MySQLClient.LAST_INSERTED_ID))
                .onFailure(e -> e instanceof MySQLException m && m.getErrorCode() == DUPLICATE_KEY)
                .transform(e -> new ProblemException(
                        409, "Conflict", "the run scheduled for " + scheduledFor + " has already started", null));
    }

    public Uni<Void> progress(long runId, int done, int total) {
        return pool.preparedQuery("UPDATE topic_run SET done = ?, total = ? WHERE run_id = ?")
                .execute(Tuple.of(done, total, runId))
                .replaceWithVoid();
    }

    public Uni<Void> finish(long runId, String status, Outcome o, String message) {
        return pool.preparedQuery("""
                UPDATE topic_run SET status = ?, finished_at = ?, message = ?, topics = ?, outliers = ?, unhappy = ?,
                    new_topics = ?, grown = ?, shrunk = ?, stable = ?, vanished = ?, stage_millis = ?
                WHERE run_id = ?""")
                .execute(Tuple.tuple(Arrays.asList(
                        status,
                        LocalDateTime.now(ZoneOffset.UTC),
                        message == null ? null : truncate(message),
                        o == null ? null : o.topics(),
                        o == null ? null : o.outliers(),
                        o == null ? null : o.unhappy(),
                        o == null ? null : o.newTopics(),
                        o == null ? null : o.grown(),
                        o == null ? null : o.shrunk(),
                        o == null ? null : o.stable(),
                        o == null ? null : o.vanished(),
                        o == null ? null : o.stageMillis(),
                        runId)))
                .replaceWithVoid();
    }

    /** Runs left RUNNING by a stopped process can never finish: mark them failed. */
    public Uni<Integer> failInterrupted() {
        return pool.query("UPDATE topic_run SET status = 'FAILED', message = 'interrupted by a restart', "
                        + "finished_at = CURRENT_TIMESTAMP(3) WHERE status = 'RUNNING'")
                .execute()
                .map(r -> r.rowCount());
    }

    public Uni<Optional<Run>> find(long runId) {
        return pool.preparedQuery("SELECT * FROM topic_run WHERE run_id = ?")
                .execute(Tuple.of(runId))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(toRun(rows.iterator().next())));
    }

    public Uni<Optional<Run>> latest() {
        return pool.query("SELECT * FROM topic_run ORDER BY run_id DESC LIMIT 1")
                .execute()
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(toRun(rows.iterator().next())));
    }

    private static Run toRun(Row r) {
        return new Run(
                r.getLong("run_id"),
                r.getString("status"),
                r.getString("trigger_source"),
                instant(r.getLocalDateTime("window_from")),
                instant(r.getLocalDateTime("window_to")),
                r.getInteger("total"),
                r.getInteger("done"),
                r.getInteger("topics"),
                r.getInteger("outliers"),
                r.getInteger("unhappy"),
                r.getInteger("new_topics"),
                r.getInteger("grown"),
                r.getInteger("shrunk"),
                r.getInteger("stable"),
                r.getInteger("vanished"),
                r.getString("stage_millis"),
                r.getString("message"),
                instant(r.getLocalDateTime("started_at")),
                instant(r.getLocalDateTime("finished_at")));
    }

    private static String truncate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
