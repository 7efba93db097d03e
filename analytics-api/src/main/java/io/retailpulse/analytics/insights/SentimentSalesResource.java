package io.retailpulse.analytics.insights;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.retailpulse.analytics.lists.Filters;
import io.retailpulse.common.api.DatabaseGuard;
import io.retailpulse.common.api.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Does what customers say move what they buy? The lagged cross-correlation of a product's daily sentiment
 * (inference's {@code api_text_sentiment}) with its daily units sold (forecasting's {@code api_sales_daily}),
 * computed by {@link CrossCorrelation}.
 */
@Path("/api/v1/insights/sentiment-sales")
@Tag(name = "insights")
// The answer's nested lag records are serialised by reflection too (native image); CrossCorrelation stays
// framework-free.
@RegisterForReflection(targets = {SentimentSales.class, CrossCorrelation.Lag.class})
public class SentimentSalesResource {
    static final int MAX_LAG = 14;
    static final double ALPHA = 0.05;

    private final Pool pool;
    private final DatabaseGuard guard;

    public SentimentSalesResource(Pool pool, DatabaseGuard guard) {
        this.pool = pool;
        this.guard = guard;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Lagged cross-correlation of daily sentiment and daily sales (lags -14..+14 days)",
            description = "Sentiment: mean of p_positive - p_negative of the product's scored texts per UTC day "
                    + "(with store: texts naming that store or no store). Sales: units per day of the product at the "
                    + "store (all stores without store). Lag k pairs sentiment on day d with sales on day d + k "
                    + "(positive: sentiment leads sales), over days where both exist. Test: " + SentimentSales.TEST
                    + ". best = the lag with the largest |correlation|. 404 when the product (at the store) has "
                    + "neither sales nor feedback; 422 when too few days pair up.")
    public Uni<SentimentSales> correlate(
            @QueryParam("product") @Parameter(description = "Product id (exact), required") String product,
            @QueryParam("store") @Parameter(description = "Store id (exact); all stores when absent") String store,
            @QueryParam("from") @Parameter(description = "First day, inclusive (yyyy-MM-dd)") String from,
            @QueryParam("to") @Parameter(description = "Last day, inclusive (yyyy-MM-dd)") String to) {
        String productId = Filters.id("product", product);
        if (productId == null) {
            throw ProblemException.badRequest("product is required: the correlation is per product (and store)");
        }
        String storeId = Filters.id("store", store);
        LocalDate fromDate = Filters.date("from", from);
        LocalDate toDate = Filters.date("to", to);
        Filters.range(fromDate, toDate);

        Uni<NavigableMap<LocalDate, Double>> sentiment =
                series(sentimentSql(storeId != null, fromDate, toDate), params(productId, storeId, fromDate, toDate));
        Uni<NavigableMap<LocalDate, Double>> sales =
                series(salesSql(storeId != null, fromDate, toDate), params(productId, storeId, fromDate, toDate));
        return Uni.combine()
                .all()
                .unis(sentiment, sales)
                .asTuple()
                // The maths is CPU work: off the event loop.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(both -> new Computed(
                        both.getItem1().size(),
                        both.getItem2().size(),
                        CrossCorrelation.compute(both.getItem1(), both.getItem2(), MAX_LAG, ALPHA)))
                .flatMap(c -> c.result().best() != null
                        ? Uni.createFrom().item(c)
                        : explainMissing(productId, storeId).map(known -> {
                            throw tooLittle(productId, storeId, c);
                        }))
                .map(c -> new SentimentSales(
                        productId,
                        storeId,
                        fromDate,
                        toDate,
                        c.sentimentDays(),
                        c.salesDays(),
                        SentimentSales.TEST,
                        ALPHA,
                        c.result().lags(),
                        c.result().best()));
    }

    private record Computed(int sentimentDays, int salesDays, CrossCorrelation.Result result) {}

    private static ProblemException tooLittle(String product, String store, Computed c) {
        int overlap = c.result().lags().stream()
                .mapToInt(CrossCorrelation.Lag::days)
                .max()
                .orElse(0);
        return new ProblemException(
                422,
                "Unprocessable Content",
                "too little data to correlate "
                        + describe(product, store) + ": " + c.sentimentDays() + " days with sentiment, " + c.salesDays()
                        + " days with sales, at most " + overlap + " of them paired at any lag; at least "
                        + CrossCorrelation.MIN_PAIRS + " paired days, with values that vary, are needed",
                null);
    }

    private static String sentimentSql(boolean store, LocalDate from, LocalDate to) {
        // A text that names the product but no store is about the product everywhere, so it counts for every store.
        return "SELECT day, CAST(AVG(sentiment) AS DOUBLE) AS v FROM api_text_sentiment WHERE product_id = ?"
                + (store ? " AND (store_id = ? OR store_id IS NULL)" : "")
                + (from != null ? " AND day >= ?" : "") + (to != null ? " AND day <= ?" : "") + " GROUP BY day";
    }

    private static String salesSql(boolean store, LocalDate from, LocalDate to) {
        return "SELECT sale_date AS day, CAST(SUM(units) AS DOUBLE) AS v FROM api_sales_daily WHERE product_id = ?"
                + (store ? " AND store_id = ?" : "")
                + (from != null ? " AND sale_date >= ?" : "") + (to != null ? " AND sale_date <= ?" : "")
                + " GROUP BY sale_date";
    }

    private static Tuple params(String product, String store, LocalDate from, LocalDate to) {
        List<Object> params = new ArrayList<>();
        params.add(product);
        if (store != null) {
            params.add(store);
        }
        if (from != null) {
            params.add(from);
        }
        if (to != null) {
            params.add(to);
        }
        return Tuple.from(params);
    }

    private Uni<NavigableMap<LocalDate, Double>> series(String sql, Tuple params) {
        return guard.bound(pool.preparedQuery(sql).execute(params)).map(rows -> {
            NavigableMap<LocalDate, Double> out = new TreeMap<>();
            for (Row row : rows) {
                out.put(row.getLocalDate("day"), row.getDouble("v"));
            }
            return out;
        });
    }

    /** 404 when nothing at all is known about the product (at the store), whatever the dates. */
    private Uni<Boolean> explainMissing(String product, String store) {
        String sql = "SELECT (SELECT COUNT(*) FROM api_sales_daily WHERE product_id = ?"
                + (store != null ? " AND store_id = ?" : "") + ") AS sales, "
                + "(SELECT COUNT(*) FROM api_text_sentiment WHERE product_id = ?"
                + (store != null ? " AND store_id = ?" : "") + ") AS texts";
        Tuple params = store != null ? Tuple.of(product, store, product, store) : Tuple.of(product, product);
        return guard.bound(pool.preparedQuery(sql).execute(params))
                .map(SentimentSalesResource::first)
                .map(row -> {
                    if (row.getLong("sales") == 0 && row.getLong("texts") == 0) {
                        throw new ProblemException(
                                404,
                                "Not Found",
                                "no sales and no scored feedback for " + describe(product, store)
                                        + ": check the product and store ids",
                                null);
                    }
                    return true;
                });
    }

    private static Row first(RowSet<Row> rows) {
        return rows.iterator().next();
    }

    private static String describe(String product, String store) {
        return "product " + product + (store != null ? " at store " + store : " (all stores)");
    }
}
