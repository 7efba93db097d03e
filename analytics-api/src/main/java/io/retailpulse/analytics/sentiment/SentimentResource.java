package io.retailpulse.analytics.sentiment;

import io.retailpulse.analytics.lists.DayParams;
import io.retailpulse.analytics.lists.Days;
import io.retailpulse.analytics.lists.Filters;
import io.retailpulse.analytics.lists.KeyType;
import io.retailpulse.analytics.lists.KeysetReader;
import io.retailpulse.analytics.lists.ListParams;
import io.retailpulse.analytics.lists.Listing;
import io.retailpulse.analytics.lists.Page;
import io.retailpulse.analytics.lists.SortKeys;
import io.retailpulse.analytics.lists.Sql;
import io.retailpulse.analytics.lists.StoreProductParams;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/sentiment/daily")
@Tag(name = "sentiment")
public class SentimentResource {
    static final SortKeys SORT = SortKeys.builder()
            .key("date", "day", KeyType.DATE)
            .key("product", "product_key", KeyType.STRING)
            .key("store", "store_key", KeyType.STRING)
            .key("source", "source", KeyType.STRING)
            .key("posts", "posts", KeyType.LONG)
            .key("positive", "positive", KeyType.LONG)
            .key("neutral", "neutral", KeyType.LONG)
            .key("negative", "negative", KeyType.LONG)
            .key("meanScore", "mean_score", KeyType.DOUBLE)
            .unique("day", KeyType.DATE)
            .unique("product_key", KeyType.STRING)
            .unique("store_key", KeyType.STRING)
            .unique("source", KeyType.STRING)
            .defaultSort("date");
    private static final Listing<SentimentDailyItem> LIST =
            new Listing<>(SORT, SentimentDailyItem::of, SentimentDailyItem.CSV_HEADER, SentimentDailyItem::csv);

    /**
     * Missing product or store group as '' (sort keys are never NULL) and answer as null. The mean goes through
     * DECIMAL so that it is the same number in every query: a cursor compares it exactly.
     */
    private static final String SELECT = "SELECT day, COALESCE(product_id, '') AS product_key, "
            + "COALESCE(store_id, '') AS store_key, source, COUNT(*) AS posts, "
            + "CAST(SUM(label = 'positive') AS SIGNED) AS positive, CAST(SUM(label = 'neutral') AS SIGNED) AS neutral, "
            + "CAST(SUM(label = 'negative') AS SIGNED) AS negative, "
            + "CAST(AVG(CAST(sentiment AS DECIMAL(30,15))) AS DOUBLE) AS mean_score FROM api_text_sentiment";

    private final KeysetReader reader;

    public SentimentResource(KeysetReader reader) {
        this.reader = reader;
    }

    public static class Query {
        @QueryParam("source")
        @Parameter(description = "Feedback source (crm, support, review, social, ...)")
        public String source;

        @BeanParam
        public StoreProductParams catalog;

        @BeanParam
        public DayParams period;

        Sql sql() {
            Days days = period.days();
            return Sql.select(SELECT)
                    .filter("product_id = ?", catalog.product())
                    .filter("store_id = ?", catalog.store())
                    .filter("source = ?", Filters.id("source", source))
                    .within("day", days)
                    .groupBy("day, product_key, store_key, source");
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Daily sentiment of scored feedback per product, store and source",
            description =
                    "Days are UTC days. posts = scored texts; positive/neutral/negative = texts per label; meanScore = mean of "
                            + "p_positive - p_negative. Sort keys: date (default), product, store, source, posts, positive, "
                            + "neutral, negative, meanScore; ties broken by date, product, store, source.")
    public Uni<Page<SentimentDailyItem>> daily(@BeanParam Query query, @BeanParam ListParams list) {
        return LIST.page(reader, query.sql(), list);
    }

    @GET
    @Produces("text/csv")
    @Operation(summary = "Every matching row as streamed CSV (header " + SentimentDailyItem.CSV_HEADER + ")")
    public Multi<Buffer> dailyCsv(@BeanParam Query query, @BeanParam ListParams list) {
        return LIST.csv(reader, query.sql(), list);
    }
}
