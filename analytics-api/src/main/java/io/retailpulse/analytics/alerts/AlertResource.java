package io.retailpulse.analytics.alerts;

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

@Path("/api/v1/alerts")
@Tag(name = "alerts")
public class AlertResource {
    static final SortKeys SORT = SortKeys.builder()
            .key("raisedAt", "raised_at", KeyType.DATETIME)
            .key("ts", "ts", KeyType.DATETIME)
            .key("similarity", "similarity", KeyType.DOUBLE)
            .key("topicId", "topic_id", KeyType.LONG)
            .key("source", "source", KeyType.STRING)
            .unique("alert_id", KeyType.STRING)
            .defaultSort("-raisedAt");
    private static final Listing<AlertItem> LIST =
            new Listing<>(SORT, AlertItem::of, AlertItem.CSV_HEADER, AlertItem::csv);

    private final KeysetReader reader;

    public AlertResource(KeysetReader reader) {
        this.reader = reader;
    }

    public static class Query {
        @BeanParam
        public DayParams period;

        @QueryParam("topicId")
        @Parameter(description = "Only alerts of this topic")
        public String topicId;

        @QueryParam("source")
        @Parameter(description = "Only alerts on feedback of this source")
        public String source;

        Sql sql() {
            Days days = period.days();
            return Sql.select("SELECT alert_id, event_id, run_id, topic_id, topic_label, similarity, source, user_id, "
                            + "text, ts, raised_at, webhook FROM api_topic_alert")
                    .filter(
                            "raised_at >= ?",
                            days.from() == null ? null : days.from().atStartOfDay())
                    .filter(
                            "raised_at < ?",
                            days.to() == null ? null : days.to().plusDays(1).atStartOfDay())
                    .filter("topic_id = ?", Filters.positive("topicId", topicId))
                    .filter("source = ?", Filters.id("source", source));
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Alerts: new feedback that matched an elected complaint reason",
            description =
                    "from/to: the UTC day the alert was raised. Sort keys: raisedAt, ts, similarity, topicId, source (default -raisedAt, newest first); "
                            + "ties broken by alertId.")
    public Uni<Page<AlertItem>> alerts(@BeanParam Query query, @BeanParam ListParams list) {
        return LIST.page(reader, query.sql(), list);
    }

    @GET
    @Produces("text/csv")
    @Operation(summary = "Every matching alert as streamed CSV (header " + AlertItem.CSV_HEADER + ")")
    public Multi<Buffer> alertsCsv(@BeanParam Query query, @BeanParam ListParams list) {
        return LIST.csv(reader, query.sql(), list);
    }
}
