package io.retailpulse.analytics.sentiment;

import io.retailpulse.analytics.lists.CsvText;
import io.vertx.mutiny.sqlclient.Row;
import java.time.LocalDate;

/**
 * A row of {@code GET /api/v1/sentiment/daily}: the scored feedback of one day, product, store and source.
 * {@code meanScore} is the mean of the texts' sentiment ({@code p_positive - p_negative}, in [-1, 1]);
 * product and store are null for texts about no catalog product or store.
 */
public record SentimentDailyItem(
        LocalDate date,
        String product,
        String store,
        String source,
        long posts,
        long positive,
        long neutral,
        long negative,
        double meanScore) {

    public static final String CSV_HEADER = "date,product,store,source,posts,positive,neutral,negative,meanScore";

    static SentimentDailyItem of(Row r) {
        return new SentimentDailyItem(
                r.getLocalDate("day"),
                blankToNull(r.getString("product_key")),
                blankToNull(r.getString("store_key")),
                r.getString("source"),
                r.getLong("posts"),
                r.getLong("positive"),
                r.getLong("neutral"),
                r.getLong("negative"),
                r.getDouble("mean_score"));
    }

    static String csv(Row r) {
        SentimentDailyItem i = of(r);
        return CsvText.line(
                i.date, i.product, i.store, i.source, i.posts, i.positive, i.neutral, i.negative, i.meanScore);
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
