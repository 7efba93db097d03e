package io.retailpulse.forecasting.aggregation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.common.values.Ids;
import jakarta.inject.Singleton;
import java.math.BigDecimal;

/**
 * Parses and re-checks a {@code retail.transactions} record. Ingest validates already, but anything can
 * write to a topic: a record that would corrupt the totals goes to the dead-letter topic instead.
 */
@Singleton
public class TransactionEventReader extends EventReader<TransactionEvent> {
    /** sales_transaction.source is VARCHAR(32). */
    static final int SOURCE_MAX = 32;

    public TransactionEventReader(ObjectMapper mapper) {
        super(mapper, TransactionEvent.class);
    }

    @Override
    protected TransactionEvent check(TransactionEvent e) {
        require(e.transactionId() != null && !e.transactionId().isBlank(), "transactionId is missing");
        require(e.transactionId().length() <= Ids.MAX_CHARS, "transactionId is longer than 64 characters");
        require(isId(e.storeId()), "storeId is missing or longer than 64 characters");
        require(isId(e.productId()), "productId is missing or longer than 64 characters");
        require(e.ts() != null, "ts is missing");
        require(e.date() != null, "date is missing");
        require(e.quantity() >= 0, "quantity is negative");
        require(
                e.unitPrice() != null && e.unitPrice().compareTo(BigDecimal.ZERO) >= 0,
                "unitPrice is missing or negative");
        require(e.unitPrice().scale() <= 4, "unitPrice has more than 4 decimals");
        // The column limits of sales_transaction (V1__daily_sales.sql): refused here with a plain reason rather
        // than by MySQL, which would take the whole batch down with it.
        require(e.unitPrice().precision() - e.unitPrice().scale() <= 10, "unitPrice is 10^10 or more");
        require(
                e.source() == null || e.source().length() <= SOURCE_MAX,
                "source is longer than " + SOURCE_MAX + " characters");
        return e.source() == null
                ? new TransactionEvent(
                        e.transactionId(),
                        e.ts(),
                        e.date(),
                        e.storeId(),
                        e.productId(),
                        e.quantity(),
                        e.unitPrice(),
                        "unknown",
                        e.ingestedAt())
                : e;
    }
}
