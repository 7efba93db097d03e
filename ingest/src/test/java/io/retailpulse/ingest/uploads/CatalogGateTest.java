package io.retailpulse.ingest.uploads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.retailpulse.common.events.CatalogEvent;
import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.ingest.catalog.CatalogService;
import io.retailpulse.ingest.platform.IngestConfig;
import io.retailpulse.ingest.platform.csv.RowError;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogGateTest {
    /** The catalog knows store S1 and product P1. */
    static class KnownCatalog extends CatalogService {
        final List<CatalogEvent> registered = new ArrayList<>();

        KnownCatalog() {
            super(null, null, null, null);
        }

        @Override
        public Set<String> unknown(String kind, Collection<String> ids) {
            Set<String> unknown = new HashSet<>(ids);
            unknown.remove(CatalogEvent.STORE.equals(kind) ? "S1" : "P1");
            registered.forEach(e -> {
                if (e.kind().equals(kind)) {
                    unknown.remove(e.id());
                }
            });
            return unknown;
        }

        @Override
        public void registerMissing(List<CatalogEvent> entries) {
            registered.addAll(entries);
        }
    }

    private static IngestConfig config(boolean strict) {
        return (IngestConfig) Proxy.newProxyInstance(
                IngestConfig.class.getClassLoader(), new Class<?>[] {IngestConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("strictCatalog")) {
                        return strict;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static TransactionEvent tx(String id, String store, String product) {
        return new TransactionEvent(
                id, Instant.EPOCH, LocalDate.EPOCH, store, product, 1, BigDecimal.ONE, "csv", Instant.EPOCH);
    }

    private final List<TransactionEvent> window =
            List.of(tx("a", "S1", "P1"), tx("b", "S9", "P1"), tx("c", "S1", "P9"));

    @Test
    void registersUnknownStoresAndProductsByDefault() {
        KnownCatalog catalog = new KnownCatalog();
        CatalogGate.Checked checked =
                new CatalogGate(catalog, config(false)).check(window, List.of(2L, 3L, 4L), List.of("l2", "l3", "l4"));
        assertEquals(window, checked.valid());
        assertEquals(
                List.of("store:S9", "product:P9"),
                catalog.registered.stream().map(CatalogEvent::key).toList());
        assertEquals("auto", catalog.registered.get(0).source());
    }

    @Test
    void rejectsRowsWithUnknownIdsInStrictMode() {
        KnownCatalog catalog = new KnownCatalog();
        CatalogGate.Checked checked =
                new CatalogGate(catalog, config(true)).check(window, List.of(2L, 3L, 4L), List.of("l2", "l3", "l4"));
        assertEquals(
                List.of("a"),
                checked.valid().stream().map(TransactionEvent::transactionId).toList());
        assertEquals(
                List.of(
                        new RowError(3, "unknown store_id 'S9' (strict catalog)"),
                        new RowError(4, "unknown product_id 'P9' (strict catalog)")),
                checked.rejected().stream().map(CatalogGate.Rejection::error).toList());
        assertEquals("l3", checked.rejected().get(0).rawLine());
        assertEquals(List.of(), catalog.registered);
    }
}
