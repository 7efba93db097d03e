package io.retailpulse.forecasting.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.events.SalesHistoryEvent;
import jakarta.enterprise.context.ApplicationScoped;

/** Parses and checks a {@code retail.sales.history} record; a bad one goes to the dead-letter topic. */
@ApplicationScoped
public class SalesHistoryReader {
    private final ObjectMapper mapper;

    public SalesHistoryReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public SalesHistoryEvent read(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException("empty record value");
        }
        SalesHistoryEvent e;
        try {
            e = mapper.readValue(json, SalesHistoryEvent.class);
        } catch (Exception ex) {
            throw new InvalidEventException("not a SalesHistoryEvent JSON: " + ex.getMessage());
        }
        require(e != null, "record value is JSON null");
        require(e.storeId() != null && !e.storeId().isBlank() && e.storeId().length() <= 64,
                "storeId is missing or longer than 64 characters");
        require(e.productId() != null && !e.productId().isBlank() && e.productId().length() <= 64,
                "productId is missing or longer than 64 characters");
        require(e.date() != null, "date is missing");
        require(e.units() >= 0, "units is negative");
        require(e.revenue() == null || e.revenue().signum() >= 0, "revenue is negative");
        // sales_history's column limits (V2__forecast_runs.sql): DECIMAL(20,4) and VARCHAR(32).
        require(e.revenue() == null || e.revenue().precision() - e.revenue().scale() <= 16, "revenue is 10^16 or more");
        require(e.source() == null || e.source().length() <= TransactionEventReader.SOURCE_MAX,
                "source is longer than " + TransactionEventReader.SOURCE_MAX + " characters");
        return e;
    }

    private static void require(boolean condition, String reason) {
        if (!condition) {
            throw new InvalidEventException(reason);
        }
    }
}
