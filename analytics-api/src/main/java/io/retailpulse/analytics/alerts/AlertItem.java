package io.retailpulse.analytics.alerts;

import io.retailpulse.analytics.lists.CsvText;
import io.retailpulse.common.values.UtcTimes;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;

/**
 * A row of {@code GET /api/v1/alerts}: a feedback that matched an elected complaint reason (topic_alert). Field
 * names follow the {@code feedback.alerts} event, plus the run, the dedupe key and the webhook outcome.
 */
public record AlertItem(
        String alertId,
        String eventId,
        long runId,
        long topicId,
        String topicLabel,
        double similarity,
        String source,
        String userId,
        String text,
        Instant ts,
        Instant raisedAt,
        String webhook) {

    public static final String CSV_HEADER =
            "alertId,eventId,runId,topicId,topicLabel,similarity,source,userId,text,ts," + "raisedAt,webhook";

    static AlertItem of(Row r) {
        return new AlertItem(
                r.getString("alert_id"),
                r.getString("event_id"),
                r.getLong("run_id"),
                r.getLong("topic_id"),
                r.getString("topic_label"),
                r.getDouble("similarity"),
                r.getString("source"),
                r.getString("user_id"),
                r.getString("text"),
                UtcTimes.instant(r.getLocalDateTime("ts")),
                UtcTimes.instant(r.getLocalDateTime("raised_at")),
                r.getString("webhook"));
    }

    static String csv(Row r) {
        AlertItem i = of(r);
        return CsvText.line(
                i.alertId,
                i.eventId,
                i.runId,
                i.topicId,
                i.topicLabel,
                i.similarity,
                i.source,
                i.userId,
                i.text,
                i.ts,
                i.raisedAt,
                i.webhook);
    }
}
