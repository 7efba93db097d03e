package io.retailpulse.analytics.lists;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The {@code store} and {@code product} query parameters of a list, nested in its query with {@code @BeanParam}. */
public class StoreProductParams {
    @QueryParam("store")
    @Parameter(description = "Store id (exact)")
    public String store;

    @QueryParam("product")
    @Parameter(description = "Product id (exact)")
    public String product;

    /** The checked store id, or null when absent (400 when too long). */
    public String store() {
        return Filters.id("store", store);
    }

    /** The checked product id, or null when absent (400 when too long). */
    public String product() {
        return Filters.id("product", product);
    }
}
