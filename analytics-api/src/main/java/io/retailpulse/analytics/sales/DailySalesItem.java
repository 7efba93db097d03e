package io.retailpulse.analytics.sales;

import io.retailpulse.analytics.lists.CsvText;
import io.vertx.mutiny.sqlclient.Row;
import java.math.BigDecimal;
import java.time.LocalDate;

/** A row of {@code GET /api/v1/sales/daily}; field names are part of the public interface. */
public record DailySalesItem(
        LocalDate date, String store, String product, long units, BigDecimal revenue, int transactions) {

    public static final String CSV_HEADER = "date,store,product,units,revenue,transactions";

    static DailySalesItem of(Row r) {
        return new DailySalesItem(
                r.getLocalDate("sale_date"),
                r.getString("store_id"),
                r.getString("product_id"),
                r.getLong("units"),
                r.getBigDecimal("revenue"),
                r.getInteger("transactions"));
    }

    static String csv(Row r) {
        DailySalesItem i = of(r);
        return CsvText.line(i.date, i.store, i.product, i.units, i.revenue.toPlainString(), i.transactions);
    }
}
