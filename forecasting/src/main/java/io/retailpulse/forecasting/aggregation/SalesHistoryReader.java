package io.retailpulse.forecasting.aggregation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.events.SalesHistoryEvent;
import jakarta.inject.Singleton;

/** Parses and checks a {@code retail.sales.history} record; a bad one goes to the dead-letter topic. */
@Singleton
public class SalesHistoryReader extends EventReader<SalesHistoryEvent> {
    public SalesHistoryReader(ObjectMapper mapper) {
        super(mapper, SalesHistoryEvent.class);
    }

    @Override
    protected SalesHistoryEvent check(SalesHistoryEvent e) {
        require(isId(e.storeId()), "storeId is missing or longer than 64 characters");
        require(isId(e.productId()), "productId is missing or longer than 64 characters");
        require(e.date() != null, "date is missing");
        require(e.units() >= 0, "units is negative");
        require(e.revenue() == null || e.revenue().signum() >= 0, "revenue is negative");
        // sales_history's column limits (V2__forecast_runs.sql): DECIMAL(20,4) and VARCHAR(32).
        require(e.revenue() == null || e.revenue().precision() - e.revenue().scale() <= 16, "revenue is 10^16 or more");
        require(
                e.source() == null || e.source().length() <= TransactionEventReader.SOURCE_MAX,
                "source is longer than " + TransactionEventReader.SOURCE_MAX + " characters");
        return e;
    }
}
