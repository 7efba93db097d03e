package io.retailpulse.common.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One retail sale line on {@code retail.transactions}, keyed {@code storeId|productId}.
 *
 * @param transactionId unique id; a re-sent id is counted once downstream
 * @param ts            when the sale happened (UTC instant)
 * @param date          the store-local calendar day of the sale (the day written in the source {@code ts})
 * @param quantity      units sold, never negative
 * @param unitPrice     price of one unit, never negative
 * @param source        where it entered, e.g. {@code csv}, {@code generator}
 * @param ingestedAt    when ingest accepted it
 */
public record TransactionEvent(
        String transactionId,
        Instant ts,
        LocalDate date,
        String storeId,
        String productId,
        long quantity,
        BigDecimal unitPrice,
        String source,
        Instant ingestedAt) {

    public String key() {
        return key(storeId, productId);
    }

    public static String key(String storeId, String productId) {
        return storeId + "|" + productId;
    }
}
