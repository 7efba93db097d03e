package io.retailpulse.analytics.sentiment;

import io.retailpulse.analytics.lists.CsvText;
import io.retailpulse.common.values.UtcTimes;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A row of {@code GET /api/v1/scored-texts}: one scored feedback as inference stored it (text_sentiment) — the
 * CSV sink of scored results. {@code sentiment} = pPositive - pNegative; {@code date} is the UTC day of {@code ts}.
 */
public record ScoredTextItem(
        String eventId,
        Instant ts,
        LocalDate date,
        String source,
        String userId,
        String product,
        String store,
        String text,
        String label,
        double score,
        double pNegative,
        double pNeutral,
        double pPositive,
        double sentiment,
        String model,
        String modelVersion,
        Instant scoredAt) {

    public static final String CSV_HEADER = "eventId,ts,date,source,userId,product,store,text,label,score,pNegative,"
            + "pNeutral,pPositive,sentiment,model,modelVersion,scoredAt";

    static ScoredTextItem of(Row r) {
        return new ScoredTextItem(
                r.getString("event_id"),
                UtcTimes.instant(r.getLocalDateTime("ts")),
                r.getLocalDate("day"),
                r.getString("source"),
                r.getString("user_id"),
                r.getString("product_id"),
                r.getString("store_id"),
                r.getString("text"),
                r.getString("label"),
                r.getDouble("score"),
                r.getDouble("p_negative"),
                r.getDouble("p_neutral"),
                r.getDouble("p_positive"),
                r.getDouble("sentiment"),
                r.getString("model"),
                r.getString("model_version"),
                UtcTimes.instant(r.getLocalDateTime("scored_at")));
    }

    static String csv(Row r) {
        ScoredTextItem i = of(r);
        return CsvText.line(
                i.eventId,
                i.ts,
                i.date,
                i.source,
                i.userId,
                i.product,
                i.store,
                i.text,
                i.label,
                i.score,
                i.pNegative,
                i.pNeutral,
                i.pPositive,
                i.sentiment,
                i.model,
                i.modelVersion,
                i.scoredAt);
    }
}
