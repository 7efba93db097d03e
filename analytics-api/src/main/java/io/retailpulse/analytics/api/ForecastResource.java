package io.retailpulse.analytics.api;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.retailpulse.analytics.domain.Cursor;
import io.retailpulse.analytics.domain.Filters;
import io.retailpulse.analytics.persistence.Forecast;
import io.retailpulse.analytics.persistence.ForecastQuery;
import io.retailpulse.analytics.persistence.ForecastRun;
import io.retailpulse.common.api.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.LocalDate;
import java.util.List;

@Path("/api/v1/forecasts")
public class ForecastResource {
    private final ForecastQuery query;

    public ForecastResource(ForecastQuery query) {
        this.query = query;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(summary = "Forecasts with 80% intervals and components per store-product day",
            description = "The latest successful run unless runId is given. Filters: store, product, from, to "
                    + "(inclusive ISO dates). Cursor paging: limit ≤ 1000, cursor = 'next' of the previous page "
                    + "(a cursor keeps its run, so pages stay consistent while a new run finishes).")
    public Uni<Page<ForecastItem>> forecasts(@QueryParam("store") String store,
            @QueryParam("product") String product, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("runId") Long runId, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        LocalDate fromDate = Filters.date("from", from);
        LocalDate toDate = Filters.date("to", to);
        Filters.range(fromDate, toDate);
        int size = Filters.limit(limit);
        String storeId = Filters.id("store", store);
        String productId = Filters.id("product", product);
        Forecast.Key after = cursor == null || cursor.isBlank() ? null : key(Cursor.decode(cursor, 4));
        return run(runId, after).chain(run -> run == null ? Uni.createFrom().item(new Page<>(List.of(), null))
                : query.page(run, storeId, productId, fromDate, toDate, after, size)
                        .map(rows -> Pages.of(rows, size, ForecastItem::of, last -> List.of(
                                Long.toString(last.runId()), last.date().toString(), last.store(), last.product()))));
    }

    @GET
    @Produces("text/csv")
    @WithSession
    @Operation(summary = "The same page as CSV (header date,store,product,yhat,yhat_lower,yhat_upper,runId)")
    public Uni<String> forecastsCsv(@QueryParam("store") String store, @QueryParam("product") String product,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("runId") Long runId,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return forecasts(store, product, from, to, runId, limit, cursor)
                .map(page -> Pages.csv(ForecastItem.CSV_HEADER, page, ForecastItem::csv));
    }

    /** The run to read: the cursor's, the requested one (404 unless it succeeded), or the latest successful. */
    private Uni<Long> run(Long requested, Forecast.Key after) {
        if (after != null) {
            return Uni.createFrom().item(after.runId());
        }
        if (requested == null) {
            return query.latestSucceededRun();
        }
        if (requested < 1) {
            throw ProblemException.badRequest("runId " + requested + " is not a run id");
        }
        return query.run(requested).map(run -> {
            if (run == null) {
                throw new ProblemException(404, "Not Found", "forecast run " + requested + " does not exist", null);
            }
            if (!ForecastRun.SUCCEEDED.equals(run.status)) {
                throw new ProblemException(409, "Conflict",
                        "forecast run " + requested + " is " + run.status + ", not SUCCEEDED", null);
            }
            return run.runId;
        });
    }

    private static Forecast.Key key(List<String> parts) {
        try {
            return new Forecast.Key(Long.parseLong(parts.get(0)), LocalDate.parse(parts.get(1)), parts.get(2),
                    parts.get(3));
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("cursor is not valid: pass the 'next' value of the previous page");
        }
    }
}
