package io.retailpulse.analytics.sales;

import io.retailpulse.analytics.lists.DayParams;
import io.retailpulse.analytics.lists.Days;
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
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/sales/daily")
@Tag(name = "sales")
public class SalesResource {
    static final SortKeys SORT = SortKeys.builder()
            .key("date", "sale_date", KeyType.DATE)
            .key("store", "store_id", KeyType.STRING)
            .key("product", "product_id", KeyType.STRING)
            .key("units", "units", KeyType.LONG)
            .key("revenue", "revenue", KeyType.DECIMAL)
            .key("transactions", "transactions", KeyType.LONG)
            .unique("sale_date", KeyType.DATE)
            .unique("store_id", KeyType.STRING)
            .unique("product_id", KeyType.STRING)
            .defaultSort("date");
    private static final Listing<DailySalesItem> LIST =
            new Listing<>(SORT, DailySalesItem::of, DailySalesItem.CSV_HEADER, DailySalesItem::csv);

    private final KeysetReader reader;

    public SalesResource(KeysetReader reader) {
        this.reader = reader;
    }

    /** The store-product days to list; every filter value is a bound parameter. */
    public static class Query {
        @BeanParam
        public StoreProductParams catalog;

        @BeanParam
        public DayParams period;

        Sql sql() {
            Days days = period.days();
            return Sql.select(
                            "SELECT sale_date, store_id, product_id, units, revenue, transactions FROM api_sales_daily")
                    .filter("store_id = ?", catalog.store())
                    .filter("product_id = ?", catalog.product())
                    .within("sale_date", days);
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Daily units, revenue and transactions per store-product",
            description = "Sort keys: date (default), store, product, units, revenue, transactions; ties broken by "
                    + "date, store, product.")
    public Uni<Page<DailySalesItem>> daily(@BeanParam Query query, @BeanParam ListParams list) {
        return LIST.page(reader, query.sql(), list);
    }

    @GET
    @Produces("text/csv")
    @Operation(summary = "Every matching row as streamed CSV (header date,store,product,units,revenue,transactions)")
    public Multi<Buffer> dailyCsv(@BeanParam Query query, @BeanParam ListParams list) {
        return LIST.csv(reader, query.sql(), list);
    }
}
