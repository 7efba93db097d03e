package io.retailpulse.forecasting.aggregation;

/** A store-product pair: one model, one Kafka key ({@code storeId|productId}). */
public record SeriesKey(String storeId, String productId) {
    public String kafkaKey() {
        return storeId + "|" + productId;
    }
}
