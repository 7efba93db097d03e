package io.retailpulse.ingest.catalog;

import io.retailpulse.common.events.CatalogEvent;
import io.retailpulse.common.values.Ids;
import java.math.BigDecimal;
import java.time.Instant;

/** Builds valid catalog entries; a violation is an {@link IllegalArgumentException} naming the field. */
public final class CatalogValidation {
    private CatalogValidation() {}

    public static CatalogEvent store(String id, String name, String city, String region, String source, Instant now) {
        return new CatalogEvent(
                CatalogEvent.STORE,
                Ids.check(nonNull(id), "id"),
                text(name, "name", 200, true),
                text(city, "city", 120, false),
                text(region, "region", 120, false),
                null,
                null,
                null,
                source,
                now);
    }

    public static CatalogEvent product(
            String id, String name, String brand, String category, BigDecimal price, String source, Instant now) {
        if (price != null && (price.signum() < 0 || price.scale() > 4)) {
            throw new IllegalArgumentException("price must be non-negative with at most 4 decimals");
        }
        return new CatalogEvent(
                CatalogEvent.PRODUCT,
                Ids.check(nonNull(id), "id"),
                text(name, "name", 200, true),
                null,
                null,
                text(brand, "brand", 120, false),
                text(category, "category", 120, false),
                price,
                source,
                now);
    }

    /** Blanks around an id are dropped; control characters are kept so that the id check rejects them. */
    private static String nonNull(String id) {
        return id == null ? "" : Ids.trimBlanks(id);
    }

    private static String text(String value, String field, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new IllegalArgumentException(field + " is missing or empty");
            }
            return null;
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " is longer than " + max + " characters");
        }
        return value.trim();
    }
}
