package io.retailpulse.common.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A finished forecast for one store-product on {@code forecasts.published}, keyed {@code storeId|productId}. */
public record ForecastPublishedEvent(
        long runId, String storeId, String productId, Instant generatedAt, List<Point> points) {

    /** One forecast day with its uncertainty interval. */
    public record Point(LocalDate date, double yhat, double yhatLower, double yhatUpper) {}
}
