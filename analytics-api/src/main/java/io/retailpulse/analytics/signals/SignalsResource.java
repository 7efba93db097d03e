package io.retailpulse.analytics.signals;

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

/**
 * External series (market trends, indices, weather, CPI) as ingest stores them from {@code POST /api/v1/signals}
 * and {@code signals.series}, read through its published view {@code api_signal_daily}.
 */
@Path("/api/v1/signals")
@Tag(name = "signals")
public class SignalsResource {
    static final SortKeys SORT = SortKeys.builder()
            .key("name", "name", KeyType.STRING)
            .key("date", "day", KeyType.DATE)
            .key("value", "value", KeyType.DOUBLE)
            .unique("name", KeyType.STRING)
            .unique("day", KeyType.DATE)
            .defaultSort("name,date");
    private static final Listing<SignalItem> LIST =
            new Listing<>(SORT, SignalItem::of, SignalItem.CSV_HEADER, SignalItem::csv);

    static final SortKeys SERIES_SORT = SortKeys.builder()
            .key("name", "name", KeyType.STRING)
            .key("first", "first_day", KeyType.DATE)
            .key("last", "last_day", KeyType.DATE)
            .key("days", "days", KeyType.LONG)
            .unique("name", KeyType.STRING)
            .defaultSort("name");
    private static final Listing<SignalSeriesItem> SERIES =
            new Listing<>(SERIES_SORT, SignalSeriesItem::of, SignalSeriesItem.CSV_HEADER, SignalSeriesItem::csv);

    /** Series names are ingest's (up to 128 characters, VARCHAR(128) in its migration). */
    private static final int MAX_NAME_CHARS = 128;

    private final KeysetReader reader;

    public SignalsResource(KeysetReader reader) {
        this.reader = reader;
    }

    /** The series days to list; every filter value is a bound parameter. */
    public static class Query {
        @QueryParam("name")
        @Parameter(description = "Series name (exact, case-sensitive); all series when absent")
        public String name;

        @BeanParam
        public DayParams period;

        Sql sql() {
            Days days = period.days();
            return Sql.select("SELECT name, date AS day, value FROM api_signal_daily")
                    .filter("name = ?", Filters.id("name", name, MAX_NAME_CHARS))
                    .within("date", days);
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Daily values of external series (name, date, value)",
            description = "Sort keys: name, date, value (default name,date); ties broken by name, date.")
    public Uni<Page<SignalItem>> values(@BeanParam Query query, @BeanParam ListParams list) {
        return LIST.page(reader, query.sql(), list);
    }

    @GET
    @Produces("text/csv")
    @Operation(summary = "Every matching row as streamed CSV (header " + SignalItem.CSV_HEADER + ")")
    public Multi<Buffer> valuesCsv(@BeanParam Query query, @BeanParam ListParams list) {
        return LIST.csv(reader, query.sql(), list);
    }

    /** The stored series: what {@code name} can be. */
    public static class SeriesQuery {
        @QueryParam("name")
        @Parameter(description = "Series name (exact); all series when absent")
        public String name;

        Sql sql() {
            return Sql.select("SELECT name, MIN(date) AS first_day, MAX(date) AS last_day, COUNT(*) AS days "
                            + "FROM api_signal_daily")
                    .filter("name = ?", Filters.id("name", name, MAX_NAME_CHARS))
                    .groupBy("name");
        }
    }

    @GET
    @Path("/series")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "The stored external series: name, first and last day, number of days",
            description = "Sort keys: name (default), first, last, days; ties broken by name.")
    public Uni<Page<SignalSeriesItem>> series(@BeanParam SeriesQuery query, @BeanParam ListParams list) {
        return SERIES.page(reader, query.sql(), list);
    }

    @GET
    @Path("/series")
    @Produces("text/csv")
    @Operation(summary = "The stored series as streamed CSV (header " + SignalSeriesItem.CSV_HEADER + ")")
    public Multi<Buffer> seriesCsv(@BeanParam SeriesQuery query, @BeanParam ListParams list) {
        return SERIES.csv(reader, query.sql(), list);
    }
}
