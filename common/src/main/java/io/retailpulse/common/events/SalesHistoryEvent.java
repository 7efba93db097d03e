package io.retailpulse.common.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * An imported daily total (e.g. the Store Item Demand format {@code date,store,item,sales}) on
 * {@code retail.sales.history}, keyed {@code storeId|productId}. A later import of the same day replaces it.
 *
 * @param revenue total revenue of the day, or null when the source has only units
 */
public record SalesHistoryEvent(
        String storeId,
        String productId,
        LocalDate date,
        long units,
        BigDecimal revenue,
        String source,
        Instant ingestedAt) {

    public String key() {
        return TransactionEvent.key(storeId, productId);
    }
}
