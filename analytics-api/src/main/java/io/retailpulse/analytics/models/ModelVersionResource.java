package io.retailpulse.analytics.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.retailpulse.analytics.lists.Filters;
import io.retailpulse.analytics.lists.KeyType;
import io.retailpulse.analytics.lists.KeysetReader;
import io.retailpulse.analytics.lists.ListParams;
import io.retailpulse.analytics.lists.Listing;
import io.retailpulse.analytics.lists.Page;
import io.retailpulse.analytics.lists.SortKeys;
import io.retailpulse.analytics.lists.Sql;
import io.retailpulse.common.values.UtcTimes;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The model registry as stored. Named model-versions here: inference answers the live registry itself as
 * {@code GET /api/v1/models} on its own port.
 */
@Path("/api/v1/model-versions")
@Tag(name = "models")
public class ModelVersionResource {
    static final SortKeys SORT = SortKeys.builder()
            .key("trainedAt", "trained_at", KeyType.DATETIME)
            .key("registeredAt", "registered_at", KeyType.DATETIME)
            .key("name", "name", KeyType.STRING)
            .key("version", "version", KeyType.STRING)
            .key("status", "status", KeyType.STRING)
            .unique("name", KeyType.STRING)
            .unique("version", KeyType.STRING)
            .defaultSort("-trainedAt");

    private final KeysetReader reader;
    private final ObjectMapper json;
    private final Listing<ModelVersionItem> listing;

    public ModelVersionResource(KeysetReader reader, ObjectMapper json) {
        this.reader = reader;
        this.json = json;
        this.listing = new Listing<>(
                SORT, this::item, ModelVersionItem.CSV_HEADER, row -> item(row).csv());
    }

    public static class Query {
        @QueryParam("name")
        @Parameter(description = "Model name (exact)")
        public String name;

        @QueryParam("task")
        @Parameter(description = "sentiment, ner, sentiment+ner")
        public String task;

        @QueryParam("status")
        @Parameter(description = "ACTIVE, RETIRED, REJECTED")
        public String status;

        Sql sql() {
            return Sql.select("SELECT name, version, task, status, metrics, training_data, trained_at, registered_at, "
                            + "activated_at FROM api_model_version")
                    .filter("name = ?", Filters.id("name", name))
                    .filter("task = ?", Filters.id("task", task))
                    .filter("status = ?", Filters.id("status", status));
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Every registered model version (inference's model_version table)",
            description = "Sort keys: trainedAt, registeredAt, name, version, status (default -trainedAt, newest "
                    + "first); ties broken by name, version.")
    public Uni<Page<ModelVersionItem>> versions(@BeanParam Query query, @BeanParam ListParams list) {
        return listing.page(reader, query.sql(), list);
    }

    @GET
    @Produces("text/csv")
    @Operation(summary = "Every matching version as streamed CSV (header " + ModelVersionItem.CSV_HEADER + ")")
    public Multi<Buffer> versionsCsv(@BeanParam Query query, @BeanParam ListParams list) {
        return listing.csv(reader, query.sql(), list);
    }

    private ModelVersionItem item(Row r) {
        return new ModelVersionItem(
                r.getString("name"),
                r.getString("version"),
                r.getString("task"),
                r.getString("status"),
                metrics(r.getString("metrics")),
                r.getString("training_data"),
                UtcTimes.instant(r.getLocalDateTime("trained_at")),
                UtcTimes.instant(r.getLocalDateTime("registered_at")),
                UtcTimes.instant(r.getLocalDateTime("activated_at")));
    }

    /** The stored JSON; text that is not JSON is answered as a string rather than failing the page. */
    private JsonNode metrics(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }
}
