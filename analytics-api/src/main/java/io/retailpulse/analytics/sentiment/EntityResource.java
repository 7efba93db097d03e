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

@Path("/api/v1/entities/sentiment")
@Tag(name = "entities")
public class EntityResource {
    static final SortKeys SORT = SortKeys.builder()
            .key("date", "day", KeyType.DATE)
            .key("type", "entity_type", KeyType.STRING)
            .key("key", "entity_key", KeyType.STRING)
            .key("mentions", "mentions", KeyType.LONG)
            .key("texts", "texts", KeyType.LONG)
            .key("meanSentiment", "mean_sentiment", KeyType.DOUBLE)
            .key("shareNegative", "share_negative", KeyType.DOUBLE)
            .unique("day", KeyType.DATE)
            .unique("entity_type", KeyType.STRING)
            .unique("entity_key", KeyType.STRING)
            .defaultSort("date");
    private static final Listing<EntitySentimentItem> LIST =
            new Listing<>(SORT, EntitySentimentItem::of, EntitySentimentItem.CSV_HEADER, EntitySentimentItem::csv);

    /**
     * Mentions first collapse to one row per entity and text (a text naming an entity twice counts once in the
     * sentiment figures), then join the text's sentiment. Filters go inside, on entity_mention's day index.
     */
    private static final String SELECT =
            "SELECT m.day, m.entity_type, m.entity_key, MIN(m.entity_text) AS entity_text, "
                    + "CAST(SUM(m.n) AS SIGNED) AS mentions, COUNT(*) AS texts, "
                    + "CAST(AVG(CAST(s.sentiment AS DECIMAL(30,15))) AS DOUBLE) AS mean_sentiment, "
                    + "CAST(SUM(s.label = 'negative') AS DOUBLE) / COUNT(*) AS share_negative "
                    + "FROM (SELECT day, entity_type, entity_key, event_id, COUNT(*) AS n, MIN(entity_text) AS entity_text "
                    + "FROM api_entity_mention {where} GROUP BY day, entity_type, entity_key, event_id) m "
                    + "JOIN api_text_sentiment s ON s.event_id = m.event_id";

    private final KeysetReader reader;

    public EntityResource(KeysetReader reader) {
        this.reader = reader;
    }

    public static class Query {
        @QueryParam("type")
        @Parameter(description = "Entity type: PERSON, LOCATION, ORGANIZATION, MISC, PRODUCT or STORE")
        public String type;

        @QueryParam("key")
        @Parameter(description = "Entity key (exact): the catalog id for PRODUCT / STORE, else the lower-cased text")
        public String key;

        @BeanParam
        public DayParams period;

        Sql sql() {
            Days days = period.days();
            return Sql.select(SELECT)
                    .filter("entity_type = ?", Filters.entityType(type))
                    .filter("entity_key = ?", Filters.id("key", key, 255))
                    .within("day", days)
                    .groupBy("m.day, m.entity_type, m.entity_key");
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Daily sentiment of the texts that mention each entity",
            description =
                    "Days are UTC days. Sort keys: date (default), type, key, mentions, texts, meanSentiment, shareNegative; ties "
                            + "broken by date, type, key.")
    public Uni<Page<EntitySentimentItem>> entities(@BeanParam Query query, @BeanParam ListParams list) {
        return LIST.page(reader, query.sql(), list);
    }

    @GET
    @Produces("text/csv")
    @Operation(summary = "Every matching row as streamed CSV (header " + EntitySentimentItem.CSV_HEADER + ")")
    public Multi<Buffer> entitiesCsv(@BeanParam Query query, @BeanParam ListParams list) {
        return LIST.csv(reader, query.sql(), list);
    }
}
