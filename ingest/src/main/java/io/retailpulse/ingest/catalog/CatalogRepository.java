package io.retailpulse.ingest.catalog;

import io.retailpulse.common.events.CatalogEvent;
import io.retailpulse.common.values.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Stores and products in {@code catalog_store} / {@code catalog_product}. */
@ApplicationScoped
public class CatalogRepository {
    private final Pool pool;

    public CatalogRepository(Pool pool) {
        this.pool = pool;
    }

    /** Of {@code ids}, those of {@code kind} already in the catalog. */
    public Uni<Set<String>> existing(String kind, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        String table = table(kind);
        String sql = "SELECT " + table + "_id FROM catalog_" + table + " WHERE " + table + "_id IN ("
                + String.join(",", java.util.Collections.nCopies(ids.size(), "?")) + ")";
        return pool.preparedQuery(sql).execute(Tuple.from(List.copyOf(ids))).map(rows -> {
            Set<String> found = new HashSet<>();
            for (Row row : rows) {
                found.add(row.getString(0));
            }
            return found;
        });
    }

    /** Adds entries that are missing and leaves existing ones alone (auto-registration). */
    public Uni<Void> insertMissing(List<CatalogEvent> entries) {
        return write(entries, "INSERT IGNORE INTO ", "");
    }

    /** Adds or replaces entries (import, generator). */
    public Uni<Void> upsert(List<CatalogEvent> entries) {
        return write(entries, "REPLACE INTO ", "");
    }

    private Uni<Void> write(List<CatalogEvent> entries, String verb, String suffix) {
        List<CatalogEvent> stores = entries.stream()
                .filter(e -> CatalogEvent.STORE.equals(e.kind()))
                .toList();
        List<CatalogEvent> products = entries.stream()
                .filter(e -> CatalogEvent.PRODUCT.equals(e.kind()))
                .toList();
        Uni<Void> s = stores.isEmpty()
                ? Uni.createFrom().voidItem()
                : pool.preparedQuery(verb
                                + "catalog_store (store_id, name, city, region, source, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
                                + suffix)
                        .executeBatch(stores.stream()
                                .map(e -> Tuple.from(new Object[] {
                                    e.id(), e.name(), e.city(), e.region(), e.source(), UtcTimes.utc(e.updatedAt())
                                }))
                                .toList())
                        .replaceWithVoid();
        Uni<Void> p = products.isEmpty()
                ? Uni.createFrom().voidItem()
                : pool.preparedQuery(verb
                                + "catalog_product (product_id, name, brand, category, price, source, updated_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)" + suffix)
                        .executeBatch(products.stream()
                                .map(e -> Tuple.from(new Object[] {
                                    e.id(),
                                    e.name(),
                                    e.brand(),
                                    e.category(),
                                    e.price(),
                                    e.source(),
                                    UtcTimes.utc(e.updatedAt())
                                }))
                                .toList())
                        .replaceWithVoid();
        return s.chain(() -> p);
    }

    /** Every entry of {@code kind}, ordered by id (the catalog is small: stores and products, not sales). */
    public Uni<List<CatalogEvent>> list(String kind) {
        String sql = CatalogEvent.STORE.equals(kind)
                ? "SELECT store_id, name, city, region, NULL, NULL, NULL, source, updated_at FROM catalog_store"
                        + " ORDER BY store_id"
                : "SELECT product_id, name, NULL, NULL, brand, category, price, source, updated_at FROM catalog_product"
                        + " ORDER BY product_id";
        return pool.query(sql).execute().map(rows -> {
            List<CatalogEvent> entries = new ArrayList<>();
            for (Row row : rows) {
                entries.add(new CatalogEvent(
                        kind,
                        row.getString(0),
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        row.getString(5),
                        row.getBigDecimal(6),
                        row.getString(7),
                        UtcTimes.instant(row.getLocalDateTime(8))));
            }
            return entries;
        });
    }

    private static String table(String kind) {
        if (CatalogEvent.STORE.equals(kind)) {
            return "store";
        }
        if (CatalogEvent.PRODUCT.equals(kind)) {
            return "product";
        }
        throw new IllegalArgumentException("unknown catalog kind " + kind);
    }
}
