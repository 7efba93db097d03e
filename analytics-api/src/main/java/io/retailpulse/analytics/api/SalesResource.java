package io.retailpulse.analytics.api;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.retailpulse.analytics.domain.Cursor;
import io.retailpulse.analytics.domain.Filters;
import io.retailpulse.analytics.persistence.DailySales;
import io.retailpulse.analytics.persistence.DailySalesQuery;
import io.retailpulse.common.api.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

@Path("/api/v1/sales/daily")
public class SalesResource {
    private final DailySalesQuery query;

    public SalesResource(DailySalesQuery query) {
        this.query = query;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(summary = "Daily units and revenue per store-product",
            description = "Filters: store, product, from, to (inclusive ISO dates). Cursor paging: limit ≤ 1000, "
                    + "cursor = 'next' of the previous page.")
    public Uni<Page<DailySalesItem>> daily(@QueryParam("store") String store, @QueryParam("product") String product,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        LocalDate fromDate = Filters.date("from", from);
        LocalDate toDate = Filters.date("to", to);
        Filters.range(fromDate, toDate);
        int size = Filters.limit(limit);
        DailySales.Key after = cursor == null || cursor.isBlank() ? null : key(Cursor.decode(cursor, 3));
        return query.page(Filters.id("store", store), Filters.id("product", product), fromDate, toDate, after, size)
                .map(rows -> Pages.of(rows, size, DailySalesItem::of,
                        last -> List.of(last.date().toString(), last.store(), last.product())));
    }

    @GET
    @Produces("text/csv")
    @WithSession
    @Operation(summary = "The same page as CSV (header date,store,product,units,revenue,transactions)")
    public Uni<String> dailyCsv(@QueryParam("store") String store, @QueryParam("product") String product,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return daily(store, product, from, to, limit, cursor)
                .map(page -> Pages.csv(DailySalesItem.CSV_HEADER, page, DailySalesItem::csv));
    }

    private static DailySales.Key key(List<String> parts) {
        try {
            return new DailySales.Key(LocalDate.parse(parts.get(0)), parts.get(1), parts.get(2));
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("cursor is not valid: pass the 'next' value of the previous page");
        }
    }
}
