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

@Path("/api/v1/scored-texts")
@Tag(name = "sentiment")
public class ScoredTextResource {
    static final SortKeys SORT = SortKeys.builder()
            .key("ts", "ts", KeyType.DATETIME)
            .key("date", "day", KeyType.DATE)
            .key("source", "source", KeyType.STRING)
            .key("label", "label", KeyType.STRING)
            .key("score", "score", KeyType.DOUBLE)
            .key("sentiment", "sentiment", KeyType.DOUBLE)
            .key("scoredAt", "scored_at", KeyType.DATETIME)
            .key("eventId", "event_id", KeyType.STRING)
            .unique("event_id", KeyType.STRING)
            .defaultSort("ts");
    private static final Listing<ScoredTextItem> LIST =
            new Listing<>(SORT, ScoredTextItem::of, ScoredTextItem.CSV_HEADER, ScoredTextItem::csv);

    private final KeysetReader reader;

    public ScoredTextResource(KeysetReader reader) {
        this.reader = reader;
    }

    public static class Query {
        @BeanParam
        public StoreProductParams catalog;

        @BeanParam
        public DayParams period;

        @QueryParam("source")
        @Parameter(description = "Feedback source (crm, support, review, social, ...)")
        public String source;

        @QueryParam("label")
        @Parameter(description = "negative, neutral or positive")
        public String label;

        Sql sql() {
            Days days = period.days();
            return Sql.select("SELECT event_id, ts, day, source, user_id, product_id, store_id, text, label, score, "
                            + "p_negative, p_neutral, p_positive, sentiment, model, model_version, scored_at "
                            + "FROM api_text_sentiment")
                    .within("day", days)
                    .filter("source = ?", Filters.id("source", source))
                    .filter("label = ?", Filters.label(label))
                    .filter("product_id = ?", catalog.product())
                    .filter("store_id = ?", catalog.store());
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Scored feedback texts: label, probabilities, sentiment, product and store",
            description =
                    "from/to: the UTC day the text was written. Sort keys: ts (default), date, source, label, score, sentiment, scoredAt, eventId; ties "
                            + "broken by eventId. Accept: text/csv exports every matching row, streamed.")
    public Uni<Page<ScoredTextItem>> texts(@BeanParam Query query, @BeanParam ListParams list) {
        return LIST.page(reader, query.sql(), list);
    }

    @GET
    @Produces("text/csv")
    @Operation(summary = "Every matching scored text as streamed CSV (header " + ScoredTextItem.CSV_HEADER + ")")
    public Multi<Buffer> textsCsv(@BeanParam Query query, @BeanParam ListParams list) {
        return LIST.csv(reader, query.sql(), list);
    }
}
