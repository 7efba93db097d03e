package io.retailpulse.forecasting.signals;

import java.util.Locale;

/**
 * Whose values a regressor by reference reads. {@code source}: one of {@link RegressorValues#SOURCES}. For the
 * per-day text sources, {@code product} / {@code store} fix whose texts (the ad-hoc endpoint); without them the
 * {@code scope} says which of the forecast pair's ids apply (forecast runs): {@code product} (texts about the pair's
 * product, any store or none), {@code store} (texts naming the pair's store, any product), {@code pair} (texts about
 * the pair's product naming its store or no store: a text naming no store is about the product everywhere).
 *
 * @param reason complaints only: alerts of this complaint topic (its label)
 */
public record SignalSpec(String name, String source, String scope, String product, String store, String reason) {
    public static final String PRODUCT = "product";
    public static final String STORE = "store";
    public static final String PAIR = "pair";

    public SignalSpec {
        source = source == null ? null : source.trim().toLowerCase(Locale.ROOT);
        scope = scope == null ? PRODUCT : scope.trim().toLowerCase(Locale.ROOT);
    }

    /** The product whose texts count for a pair of {@code productId} (null: any product). */
    String productFor(String productId) {
        return product != null ? product : scope.equals(STORE) ? null : productId;
    }

    /** The store whose texts count for a pair of {@code storeId} (null: any store). */
    String storeFor(String storeId) {
        return store != null ? store : scope.equals(PRODUCT) ? null : storeId;
    }

    /** Texts naming no store count too (scope pair, store not fixed). */
    boolean storelessCounts() {
        return store == null && scope.equals(PAIR);
    }
}
