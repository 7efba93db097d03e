package io.retailpulse.common.events;

import java.math.BigDecimal;
import java.time.LocalDate;

/** The re-aggregated total of one store-product day on {@code retail.sales.daily}; the latest record wins. */
public record DailySalesEvent(
        String storeId, String productId, LocalDate date, long units, BigDecimal revenue, long transactions) {}
