package io.retailpulse.forecasting.aggregation;

import java.time.LocalDate;

/** One store-product-day: the unit of aggregation. */
public record DayKey(String storeId, String productId, LocalDate date) {}
