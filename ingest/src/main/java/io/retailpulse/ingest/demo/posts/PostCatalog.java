package io.retailpulse.ingest.demo.posts;

import io.retailpulse.ingest.demo.retail.RetailModel;
import java.util.List;

/** The names posts may mention: products and stores of the catalog. */
public record PostCatalog(List<Entry> products, List<Entry> stores) {
    /** {@code place}: a store's city, a product's brand; may be null. */
    public record Entry(String id, String name, String place) {}

    /** The catalog of a default {@link RetailModel}, for when the real catalog is empty. */
    public static PostCatalog of(RetailModel model) {
        return new PostCatalog(
                model.products().stream()
                        .map(p -> new Entry(p.id(), p.name(), p.brand()))
                        .toList(),
                model.stores().stream()
                        .map(s -> new Entry(s.id(), s.name(), s.city()))
                        .toList());
    }
}
