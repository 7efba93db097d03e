package io.retailpulse.inference.alerts;

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

import static io.retailpulse.common.values.UtcTimes.instant;
import static io.retailpulse.common.values.UtcTimes.utc;

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
     */
    public Uni<Boolean> insertIfNew(AlertEvent a, long runId, String dedupeKey, Instant since) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT 1 FROM topic_alert WHERE topic_id = ? "
                + "AND dedupe_key = ? AND raised_at >= ? LIMIT 1 FOR UPDATE")
                .execute(Tuple.of(a.topicId(), dedupeKey, utc(since))).flatMap(rows -> {
                    if (rows.size() > 0) {
                        return Uni.createFrom().item(false);
                    }
                    return conn.preparedQuery("INSERT IGNORE INTO topic_alert (alert_id, event_id, run_id, topic_id, "
                            + "topic_label, similarity, source, user_id, dedupe_key, text, ts, raised_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                            .execute(Tuple.tuple(Arrays.asList(a.alertId(), a.eventId(), runId, a.topicId(),
                                    a.topicLabel(), a.similarity(), a.source(), a.userId(), dedupeKey, a.text(),
                                    utc(a.ts()), utc(a.raisedAt()))))
                            .map(r -> r.rowCount() == 1);
                }));
    }

    public Uni<Void> webhook(String alertId, String outcome) {
        return pool.preparedQuery("UPDATE topic_alert SET webhook = ? WHERE alert_id = ?")
                .execute(Tuple.of(outcome, alertId)).replaceWithVoid();
    }

    /** Alerts raised in {@code [from, to)}, newest first. */
    public Uni<List<AlertEvent>> between(Instant from, Instant to, int limit) {
        return pool.preparedQuery("SELECT * FROM topic_alert WHERE raised_at >= ? AND raised_at < ? "
                + "ORDER BY raised_at DESC LIMIT ?").execute(Tuple.of(utc(from), utc(to), limit)).map(rows -> {
                    List<AlertEvent> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new AlertEvent(r.getString("alert_id"), r.getString("event_id"), r.getLong("topic_id"),
                                r.getString("topic_label"), r.getDouble("similarity"), r.getString("source"),
                                r.getString("user_id"), r.getString("text"), instant(r.getLocalDateTime("ts")),
                                instant(r.getLocalDateTime("raised_at"))));
                    }
                    return out;
                });
    }
}
