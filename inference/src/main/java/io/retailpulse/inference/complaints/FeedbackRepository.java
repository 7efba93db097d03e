package io.retailpulse.inference.complaints;

import static io.retailpulse.common.values.UtcTimes.utc;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code topic_feedback}: the feedback seen on feedback.raw, the corpus of the weekly runs. */
@ApplicationScoped
public class FeedbackRepository {
    /**
     * A stored feedback.
     *
     * @param names the names found in it ({@link LabelNames}), kept out of topic labels
     */
    public record Doc(
            String eventId,
            Instant ts,
            String source,
            String userId,
            String text,
            boolean unhappy,
            List<String> names) {
        public Doc {
            names = names == null ? List.of() : List.copyOf(names);
        }

        public Doc(String eventId, Instant ts, String source, String userId, String text, boolean unhappy) {
            this(eventId, ts, source, userId, text, unhappy, List.of());
        }
    }

    private final Pool pool;

    public FeedbackRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores the documents once per event id; a redelivered event changes nothing. Not {@code INSERT IGNORE}, which
     * would store a value too long for its column cut: MySQL refuses it, and the consumer dead-letters the record.
     */
    public Uni<Void> insertAll(List<Doc> docs) {
        if (docs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = docs.stream()
                .map(d -> Tuple.tuple(Arrays.asList(
                        d.eventId(),
                        utc(d.ts()),
                        d.source(),
                        d.userId(),
                        d.text(),
                        d.unhappy(),
                        LabelNames.column(d.names()))))
                .toList();
        return pool.preparedQuery("INSERT INTO topic_feedback (event_id, ts, source, user_id, text, unhappy, names) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE event_id = event_id")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    /** The most recent {@code limit} documents with {@code from <= ts < to}, from the given sources (empty: all). */
    public Uni<List<Doc>> window(Instant from, Instant to, List<String> sources, int limit) {
        StringBuilder sql =
                new StringBuilder("SELECT event_id, ts, source, user_id, text, unhappy, names FROM topic_feedback "
                        + "WHERE ts >= ? AND ts < ?");
        List<Object> args = new ArrayList<>(List.of(utc(from), utc(to)));
        if (!sources.isEmpty()) {
            sql.append(" AND source IN (")
                    .append(String.join(",", sources.stream().map(s -> "?").toList()))
                    .append(')');
            args.addAll(sources);
        }
        sql.append(" ORDER BY ts DESC, event_id LIMIT ?");
        args.add(limit);
        return pool.preparedQuery(sql.toString()).execute(Tuple.tuple(args)).map(rows -> {
            List<Doc> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Doc(
                        r.getString("event_id"),
                        r.getLocalDateTime("ts").toInstant(ZoneOffset.UTC),
                        r.getString("source"),
                        r.getString("user_id"),
                        r.getString("text"),
                        r.getBoolean("unhappy"),
                        LabelNames.parse(r.getString("names"))));
            }
            return out;
        });
    }
}
