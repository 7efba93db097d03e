package io.retailpulse.ingest.catalog;

import io.retailpulse.common.api.DatabaseDeadline;
import io.retailpulse.common.api.ProblemException;
import io.retailpulse.common.events.CatalogEvent;
import io.retailpulse.ingest.kafka.PublishFailedException;
import io.retailpulse.ingest.platform.ItemError;
import io.retailpulse.ingest.platform.Problems;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Import and list the catalog; every imported entry is also published on the compacted retail.catalog. */
@Path("/api/v1/catalog")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {
    static final int MAX_ITEMS = 10_000;
    // Bean Validation messages: braces are escaped, they would name message parameters.
    private static final String NO_ITEMS = "The body must be \\{\"items\":[...]\\} with at least one entry.";
    private static final String TOO_MANY_ITEMS = "At most " + MAX_ITEMS + " entries per request.";

    private final CatalogService catalog;

    public CatalogResource(CatalogService catalog) {
        this.catalog = catalog;
    }

    public record Store(String id, String name, String city, String region) {}

    public record Product(String id, String name, String brand, String category, BigDecimal price) {}

    /**
     * The request envelope, checked by Bean Validation. The entries are checked one by one in {@link #upsert}
     * instead (CatalogValidation): a bad entry is listed by index with one reason and the others are taken,
     * where a constraint violation would refuse the whole request.
     */
    public record Import<T>(
            @NotEmpty(message = NO_ITEMS) @Size(max = MAX_ITEMS, message = TOO_MANY_ITEMS)
            List<T> items) {}

    public record ImportResult(long accepted, long rejected, List<ItemError> errors) {}

    public record Listing(List<CatalogEvent> items, String next) {}

    @POST
    @Path("/stores")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Add or replace stores", description = "{\"items\":[{\"id\",\"name\",\"city\",\"region\"}]}")
    public ImportResult importStores(@NotNull(message = NO_ITEMS) @Valid Import<Store> body) {
        Instant now = Instant.now();
        return upsert(body, s -> CatalogValidation.store(s.id(), s.name(), s.city(), s.region(), "import", now));
    }

    @POST
    @Path("/products")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(
            summary = "Add or replace products",
            description = "{\"items\":[{\"id\",\"name\",\"brand\",\"category\",\"price\"}]}")
    public ImportResult importProducts(@NotNull(message = NO_ITEMS) @Valid Import<Product> body) {
        Instant now = Instant.now();
        return upsert(
                body,
                p -> CatalogValidation.product(p.id(), p.name(), p.brand(), p.category(), p.price(), "import", now));
    }

    @GET
    @Path("/stores")
    @DatabaseDeadline
    public Uni<Listing> stores() {
        return catalog.list(CatalogEvent.STORE).map(items -> new Listing(items, null));
    }

    @GET
    @Path("/products")
    @DatabaseDeadline
    public Uni<Listing> products() {
        return catalog.list(CatalogEvent.PRODUCT).map(items -> new Listing(items, null));
    }

    private <T> ImportResult upsert(Import<T> body, Function<T, CatalogEvent> validate) {
        List<CatalogEvent> valid = new ArrayList<>();
        List<ItemError> errors = new ArrayList<>();
        for (int i = 0; i < body.items().size(); i++) {
            try {
                valid.add(validate.apply(body.items().get(i)));
            } catch (IllegalArgumentException e) {
                errors.add(new ItemError(i, e.getMessage()));
            }
        }
        if (valid.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "No entry of the request is valid.", errors);
        }
        try {
            catalog.upsert(valid);
        } catch (PublishFailedException e) {
            throw Problems.unavailable("The catalog could not be stored or published (" + e.getMessage()
                    + "); send it again later, entries are replaced, not duplicated.");
        }
        return new ImportResult(valid.size(), errors.size(), errors);
    }
}
