package io.retailpulse.inference.alerts;

import static io.retailpulse.common.values.UtcTimes.instant;
import static io.retailpulse.common.values.UtcTimes.utc;

import io.retailpulse.common.events.AlertEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code topic_alert}: every alert raised, the dedupe memory and the webhook outcome. */
@ApplicationScoped
public class AlertRepository {
    private final Pool pool;

    public AlertRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores the alert unless the same topic already alerted for this dedupe key since {@code since}, or this event
     * already alerted on it. True when stored (then, and only then, it is published).
     *
     * <p>Safe with several replicas: the transaction first takes the exclusive row lock of the (topic, key) slot
     * ({@code topic_alert_slot}, created on first use) and decides from the slot's latest alert time, so concurrent
     * callers for one customer and topic run one after the other and the second sees the first one's alert. Only
     * single rows are locked (no range reads), so alerts of different customers do not deadlock each other. The
     * unique key (event_id, topic_id) makes a redelivered event alert once.
     */
    public Uni<Boolean> insertIfNew(AlertEvent a, long runId, String dedupeKey, Instant since) {
        Tuple slot = Tuple.of(a.topicId(), dedupeKey);
        return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO topic_alert_slot (topic_id, dedupe_key) "
                        + "VALUES (?, ?) ON DUPLICATE KEY UPDATE topic_id = topic_id")
                .execute(slot)
                .chain(() -> conn.preparedQuery("SELECT raised_at FROM topic_alert_slot WHERE topic_id = ? "
                                + "AND dedupe_key = ? FOR UPDATE")
                        .execute(slot))
                .flatMap(rows -> {
                    java.time.LocalDateTime last = rows.iterator().next().getLocalDateTime("raised_at");
                    if (last != null && !last.isBefore(utc(since))) {
                        return Uni.createFrom().item(false);
                    }
                    return conn.preparedQuery("INSERT IGNORE INTO topic_alert (alert_id, event_id, run_id, topic_id, "
                                    + "topic_label, similarity, source, user_id, dedupe_key, text, ts, raised_at) "
                                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                            .execute(Tuple.tuple(Arrays.asList(
                                    a.alertId(),
                                    a.eventId(),
                                    runId,
                                    a.topicId(),
                                    a.topicLabel(),
                                    a.similarity(),
                                    a.source(),
                                    a.userId(),
                                    dedupeKey,
                                    a.text(),
                                    utc(a.ts()),
                                    utc(a.raisedAt()))))
                            .chain(r -> r.rowCount() != 1
                                    ? Uni.createFrom().item(false)
                                    : conn.preparedQuery("UPDATE topic_alert_slot SET raised_at = ? "
                                                    + "WHERE topic_id = ? AND dedupe_key = ?")
                                            .execute(Tuple.of(utc(a.raisedAt()), a.topicId(), dedupeKey))
                                            .replaceWith(true));
                }));
    }

    public Uni<Void> webhook(String alertId, String outcome) {
        return pool.preparedQuery("UPDATE topic_alert SET webhook = ? WHERE alert_id = ?")
                .execute(Tuple.of(outcome, alertId))
                .replaceWithVoid();
    }

    /** Alerts raised in {@code [from, to)}, newest first. */
    public Uni<List<AlertEvent>> between(Instant from, Instant to, int limit) {
        return pool.preparedQuery("SELECT * FROM topic_alert WHERE raised_at >= ? AND raised_at < ? "
                        + "ORDER BY raised_at DESC LIMIT ?")
                .execute(Tuple.of(utc(from), utc(to), limit))
                .map(rows -> {
                    List<AlertEvent> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new AlertEvent(
                                r.getString("alert_id"),
                                r.getString("event_id"),
                                r.getLong("topic_id"),
                                r.getString("topic_label"),
                                r.getDouble("similarity"),
                                r.getString("source"),
                                r.getString("user_id"),
                                r.getString("text"),
                                instant(r.getLocalDateTime("ts")),
                                instant(r.getLocalDateTime("raised_at"))));
                    }
                    return out;
                });
    }
}
