package io.retailpulse.analytics.sentiment;

import io.retailpulse.analytics.lists.CsvText;
import io.vertx.mutiny.sqlclient.Row;
import java.time.LocalDate;

/**
 * A row of {@code GET /api/v1/entities/sentiment}: one entity on one day. {@code key} is what mentions group by
 * (catalog id for PRODUCT / STORE, else the normalised text), {@code text} one of its surface forms (the first in
 * binary order), {@code mentions} every mention, {@code texts} the distinct texts with a mention;
 * {@code meanSentiment} and {@code shareNegative} are over those texts.
 */
public record EntitySentimentItem(
        LocalDate date,
        String type,
        String key,
        String text,
        long mentions,
        long texts,
        double meanSentiment,
        double shareNegative) {

    public static final String CSV_HEADER = "date,type,key,text,mentions,texts,meanSentiment,shareNegative";

    static EntitySentimentItem of(Row r) {
        return new EntitySentimentItem(
                r.getLocalDate("day"),
                r.getString("entity_type"),
                r.getString("entity_key"),
                r.getString("entity_text"),
                r.getLong("mentions"),
                r.getLong("texts"),
                r.getDouble("mean_sentiment"),
                r.getDouble("share_negative"));
    }

    static String csv(Row r) {
        EntitySentimentItem i = of(r);
        return CsvText.line(i.date, i.type, i.key, i.text, i.mentions, i.texts, i.meanSentiment, i.shareNegative);
    }
}
