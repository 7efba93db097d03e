package io.retailpulse.common.events;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A store or product of the catalog on the compacted topic {@link #TOPIC}, keyed {@code store:<id>} or
 * {@code product:<id>}: the latest record per key is the current entry. Lets inference recognise names in text.
 *
 * @param kind     {@code store} or {@code product}
 * @param id       the store_id / product_id used in transactions
 * @param name     display name (for auto-registered entries: the id itself)
 * @param city     stores only
 * @param region   stores only
 * @param brand    products only
 * @param category products only
 * @param price    products only: list price, may be null
 * @param source   import, generator, auto (registered from a transaction)
 */
public record CatalogEvent(
        String kind,
        String id,
        String name,
        String city,
        String region,
        String brand,
        String category,
        BigDecimal price,
        String source,
        Instant updatedAt) {
    public static final String TOPIC = Topics.CATALOG;
    public static final String STORE = "store";
    public static final String PRODUCT = "product";

    public String key() {
        return kind + ":" + id;
    }
}
