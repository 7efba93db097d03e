package io.retailpulse.inference.complaints;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.mysqlclient.MySQLClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A run's topics, assignments and elected reasons ({@code topic*} tables), and the topics the next run matches. */
@ApplicationScoped
public class TopicStore {
    /** A topic of a run with its stable id and how it changed since the previous run. */
    public record RunTopic(
            long topicId,
            String label,
            List<String> keywords,
            List<String> representatives,
            int size,
            int unhappy,
            Integer previousSize,
            String change,
            float[] centroid) {}

    /** An elected reason. */
    public record Reason(int rank, long topicId, String label, int unhappy, double share) {}

    /** An assignment of a document ({@code topicId} null: outlier). */
    public record Assignment(String eventId, Long topicId) {}

    /** The topics a matcher needs: the run they come from, all its topics and which of them are elected. */
    public record Snapshot(long runId, List<RunTopic> topics, List<Reason> reasons) {
        public Set<Long> elected() {
            return reasons.stream().map(Reason::topicId).collect(Collectors.toSet());
        }
    }

    private final Pool pool;
    private final ObjectMapper json;

    public TopicStore(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** A new stable topic id. */
    public Uni<Long> newTopic(String label, long runId) {
        return pool.preparedQuery("INSERT INTO topic (label, first_run_id, last_run_id) VALUES (?, ?, ?)")
                .execute(Tuple.of(truncate(label, 255), runId, runId))
                .map(rows -> rows.property(MySQLClient.LAST_INSERTED_ID));
    }

    /** Everything a finished run found, in one transaction. */
    public Uni<Void> save(long runId, List<RunTopic> topics, List<Assignment> assignments, List<Reason> reasons) {
        return pool.withTransaction(conn -> insertTopics(conn, runId, topics)
                .chain(() -> insertAssignments(conn, runId, assignments))
                .chain(() -> insertReasons(conn, runId, reasons)));
    }

    private Uni<Void> insertTopics(SqlConnection conn, long runId, List<RunTopic> topics) {
        if (topics.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        List<Tuple> touched = new ArrayList<>();
        for (RunTopic t : topics) {
            rows.add(Tuple.tuple(Arrays.asList(
                    runId,
                    t.topicId(),
                    truncate(t.label(), 255),
                    truncate(write(t.keywords()), 2000),
                    write(t.representatives()),
                    t.size(),
                    t.unhappy(),
                    t.previousSize(),
                    t.change(),
                    // the core Buffer: the Mutiny wrapper is not a SQL type and would not bind as a BLOB
                    io.vertx.core.buffer.Buffer.buffer(Centroids.toBytes(t.centroid())))));
            if (!"vanished".equals(t.change())) {
                touched.add(Tuple.of(truncate(t.label(), 255), runId, t.topicId()));
            }
        }
        Uni<Void> insert = conn.preparedQuery("INSERT INTO topic_run_topic (run_id, topic_id, label, keywords, "
                        + "representatives, size, unhappy, previous_size, change_kind, centroid) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .executeBatch(rows)
                .replaceWithVoid();
        return touched.isEmpty()
                ? insert
                : insert.chain(
                        () -> conn.preparedQuery("UPDATE topic SET label = ?, last_run_id = ? WHERE topic_id = ?")
                                .executeBatch(touched)
                                .replaceWithVoid());
    }

    private static Uni<Void> insertAssignments(SqlConnection conn, long runId, List<Assignment> assignments) {
        if (assignments.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = assignments.stream()
                .map(a -> Tuple.tuple(Arrays.asList(runId, a.eventId(), a.topicId())))
                .toList();
        return conn.preparedQuery("INSERT INTO topic_assignment (run_id, event_id, topic_id) VALUES (?, ?, ?)")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    private static Uni<Void> insertReasons(SqlConnection conn, long runId, List<Reason> reasons) {
        if (reasons.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = reasons.stream()
                .map(r -> Tuple.tuple(
                        Arrays.asList(runId, r.rank(), r.topicId(), truncate(r.label(), 255), r.unhappy(), r.share())))
                .toList();
        return conn.preparedQuery("INSERT INTO topic_reason (run_id, rank_no, topic_id, label, unhappy, share) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    /** The id of the latest finished run that found any topics, or -1 before the first such run. */
    public Uni<Long> latestRunId() {
        return pool.query("SELECT MAX(run_id) AS run_id FROM topic_run WHERE status = 'DONE' AND topics > 0")
                .execute()
                .map(rows -> {
                    Long id = rows.iterator().next().getLong("run_id");
                    return id == null ? Long.valueOf(-1L) : id;
                });
    }

    /** The topics of the latest finished run that found any (empty before the first such run). */
    public Uni<java.util.Optional<Snapshot>> latest() {
        return pool.query("SELECT run_id FROM topic_run WHERE status = 'DONE' AND topics > 0 "
                        + "ORDER BY run_id DESC LIMIT 1")
                .execute()
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(java.util.Optional.<Snapshot>empty());
                    }
                    long runId = rows.iterator().next().getLong("run_id");
                    return snapshot(runId).map(java.util.Optional::of);
                });
    }

    public Uni<Snapshot> snapshot(long runId) {
        Uni<List<RunTopic>> topics = pool.preparedQuery("SELECT * FROM topic_run_topic WHERE run_id = ? "
                        + "AND change_kind <> 'vanished' ORDER BY size DESC, topic_id")
                .execute(Tuple.of(runId))
                .map(rows -> {
                    List<RunTopic> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(toTopic(r));
                    }
                    return out;
                });
        Uni<List<Reason>> reasons = reasons(runId);
        return Uni.combine()
                .all()
                .unis(topics, reasons)
                .asTuple()
                .map(t -> new Snapshot(runId, t.getItem1(), t.getItem2()));
    }

    /** All topics of a run, vanished ones included. */
    public Uni<List<RunTopic>> runTopics(long runId) {
        return pool.preparedQuery("SELECT * FROM topic_run_topic WHERE run_id = ? ORDER BY size DESC, topic_id")
                .execute(Tuple.of(runId))
                .map(rows -> {
                    List<RunTopic> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(toTopic(r));
                    }
                    return out;
                });
    }

    public Uni<List<Reason>> reasons(long runId) {
        return pool.preparedQuery("SELECT * FROM topic_reason WHERE run_id = ? ORDER BY rank_no")
                .execute(Tuple.of(runId))
                .map(rows -> {
                    List<Reason> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Reason(
                                r.getInteger("rank_no"),
                                r.getLong("topic_id"),
                                r.getString("label"),
                                r.getInteger("unhappy"),
                                r.getDouble("share")));
                    }
                    return out;
                });
    }

    private RunTopic toTopic(Row r) {
        return new RunTopic(
                r.getLong("topic_id"),
                r.getString("label"),
                read(r.getString("keywords")),
                read(r.getString("representatives")),
                r.getInteger("size"),
                r.getInteger("unhappy"),
                r.getInteger("previous_size"),
                r.getString("change_kind"),
                Centroids.fromBytes(r.getBuffer("centroid").getBytes()));
    }

    private String write(List<String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> read(String value) {
        try {
            return Arrays.asList(json.readValue(value, String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
