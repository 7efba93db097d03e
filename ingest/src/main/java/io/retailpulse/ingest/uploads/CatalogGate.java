package io.retailpulse.ingest.uploads;

import io.retailpulse.common.events.CatalogEvent;
import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.ingest.catalog.CatalogService;
import io.retailpulse.ingest.platform.IngestConfig;
import io.retailpulse.ingest.platform.csv.RowError;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a window of transactions against the catalog: unknown stores and products are registered
 * ({@code source=auto}, name = id), or in strict mode ({@code pulse.ingest.strict-catalog}) are row errors.
 */
@ApplicationScoped
public class CatalogGate {
    private final CatalogService catalog;
    private final boolean strict;

    public CatalogGate(CatalogService catalog, IngestConfig config) {
        this.catalog = catalog;
        this.strict = config.strictCatalog();
    }

    public record Rejection(RowError error, String rawLine) {}

    public record Checked(List<TransactionEvent> valid, List<Rejection> rejected) {}

    /** {@code lines} and {@code raws} are parallel to {@code events}. Blocking. */
    public Checked check(List<TransactionEvent> events, List<Long> lines, List<String> raws) {
        Set<String> stores = new LinkedHashSet<>();
        Set<String> products = new LinkedHashSet<>();
        for (TransactionEvent e : events) {
            stores.add(e.storeId());
            products.add(e.productId());
        }
        Set<String> unknownStores = catalog.unknown(CatalogEvent.STORE, stores);
        Set<String> unknownProducts = catalog.unknown(CatalogEvent.PRODUCT, products);
        if (unknownStores.isEmpty() && unknownProducts.isEmpty()) {
            return new Checked(List.copyOf(events), List.of());
        }
        if (!strict) {
            Instant now = Instant.now();
            List<CatalogEvent> entries = new ArrayList<>();
            unknownStores.forEach(id -> entries.add(
                    new CatalogEvent(CatalogEvent.STORE, id, id, null, null, null, null, null, "auto", now)));
            unknownProducts.forEach(id -> entries.add(
                    new CatalogEvent(CatalogEvent.PRODUCT, id, id, null, null, null, null, null, "auto", now)));
            catalog.registerMissing(entries);
            return new Checked(List.copyOf(events), List.of());
        }
        List<TransactionEvent> valid = new ArrayList<>(events.size());
        List<Rejection> rejected = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            TransactionEvent e = events.get(i);
            String reason = unknownStores.contains(e.storeId())
                    ? "unknown store_id '" + e.storeId() + "'"
                    : unknownProducts.contains(e.productId()) ? "unknown product_id '" + e.productId() + "'" : null;
            if (reason == null) {
                valid.add(e);
            } else {
                rejected.add(new Rejection(new RowError(lines.get(i), reason + " (strict catalog)"), raws.get(i)));
            }
        }
        return new Checked(valid, rejected);
    }
}
