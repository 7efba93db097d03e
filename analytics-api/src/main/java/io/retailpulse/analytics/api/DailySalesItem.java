package io.retailpulse.analytics.api;

import io.retailpulse.analytics.persistence.DailySales;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A row of {@code GET /api/v1/sales/daily}; field names are part of the public interface. */
public record DailySalesItem(LocalDate date, String store, String product, long units, BigDecimal revenue,
        int transactions) {

    static final String CSV_HEADER = "date,store,product,units,revenue,transactions";

    static DailySalesItem of(DailySales d) {
        return new DailySalesItem(d.date, d.storeId, d.productId, d.units, d.revenue, d.transactions);
    }

    String csv() {
        return date + "," + CsvText.field(store) + "," + CsvText.field(product) + "," + units + ","
                + revenue.toPlainString() + "," + transactions;
    }
}
