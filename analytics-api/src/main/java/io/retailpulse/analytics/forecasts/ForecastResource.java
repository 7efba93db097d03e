package io.retailpulse.analytics.forecasts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.analytics.lists.DayParams;
import io.retailpulse.analytics.lists.Days;
import io.retailpulse.analytics.lists.Filters;
import io.retailpulse.analytics.lists.KeyType;
import io.retailpulse.analytics.lists.KeysetReader;
import io.retailpulse.analytics.lists.ListParams;
import io.retailpulse.analytics.lists.Listing;
import io.retailpulse.analytics.lists.Page;
import io.retailpulse.analytics.lists.Runs;
import io.retailpulse.analytics.lists.SortKeys;
import io.retailpulse.analytics.lists.Sql;
import io.retailpulse.analytics.lists.StoreProductParams;
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
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

@Path("/api/v1/forecasts")
@Tag(name = "forecasts")
public class ForecastResource {
    private static final Logger LOG = Logger.getLogger(ForecastResource.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    /** The run leads every order, so a cursor carries its run: pages stay consistent while a new run finishes. */
    static final SortKeys SORT = SortKeys.builder()
            .leading("run_id", KeyType.LONG)
            .key("date", "forecast_date", KeyType.DATE)
            .key("store", "store_id", KeyType.STRING)
            .key("product", "product_id", KeyType.STRING)
            .key("yhat", "yhat", KeyType.DOUBLE)
            .unique("forecast_date", KeyType.DATE)
            .unique("store_id", KeyType.STRING)
            .unique("product_id", KeyType.STRING)
            .defaultSort("date");

    private static final Listing<ForecastItem> LIST =
            new Listing<>(SORT, row -> ForecastItem.of(row, null), ForecastItem.CSV_HEADER, ForecastItem::csv);

    private final KeysetReader reader;
    private final Runs runs;
    private final ObjectMapper json;

    public ForecastResource(KeysetReader reader, Runs runs, ObjectMapper json) {
        this.reader = reader;
        this.runs = runs;
        this.json = json;
    }

    public static class Query {
        @BeanParam
        public StoreProductParams catalog;

        @BeanParam
        public DayParams period;

        @QueryParam("runId")
        @Parameter(description = "A SUCCEEDED forecast run (default: the newest one)")
        public String runId;

        @QueryParam("components")
        @Parameter(description = "true: add 'components', every component the run stored by name (JSON only)")
        public String components;

        Sql sql(long run) {
            Days days = period.days();
            return Sql.select("SELECT run_id, forecast_date, store_id, product_id, yhat, yhat_lower, yhat_upper, "
                            + "trend, weekly, yearly, holidays, components, model FROM api_forecast")
                    .where("run_id = ?", run)
                    .filter("store_id = ?", catalog.store())
                    .filter("product_id = ?", catalog.product())
                    .within("forecast_date", days);
        }

        /** Checks every parameter before anything is read. */
        void validate() {
            period.days();
            catalog.store();
            catalog.product();
            Filters.positive("runId", runId);
            Filters.flag("components", components);
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Forecasts with 80% intervals and components per store-product day",
            description =
                    "from/to: forecast days. The newest SUCCEEDED run unless runId is given (404 unknown run, 409 run not SUCCEEDED). "
                            + "Sort keys: date (default), store, product, yhat; ties broken by date, store, product. A cursor "
                            + "keeps its run.")
    public Uni<Page<ForecastItem>> forecasts(@BeanParam Query query, @BeanParam ListParams list) {
        query.validate();
        boolean components = Filters.flag("components", query.components);
        return LIST.page(
                reader,
                list,
                () -> ForecastRunChoice.resolve(runs, query.runId),
                query::sql,
                row -> ForecastItem.of(row, components ? components(row) : null));
    }

    @GET
    @Produces("text/csv")
    @Operation(
            summary = "Every matching forecast row as streamed CSV "
                    + "(header date,store,product,yhat,yhat_lower,yhat_upper,runId,trend,weekly,yearly,holidays,model)")
    public Multi<Buffer> forecastsCsv(@BeanParam Query query, @BeanParam ListParams list) {
        query.validate();
        return LIST.csv(reader, list, () -> ForecastRunChoice.resolve(runs, query.runId), query::sql);
    }

    private Map<String, Object> components(Row row) {
        String text = row.getString("components");
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            LOG.warnf(
                    "forecast run %d %s/%s %s: components are not a JSON object (%s)",
                    row.getLong("run_id"),
                    row.getString("store_id"),
                    row.getString("product_id"),
                    row.getLocalDate("forecast_date"),
                    e.getOriginalMessage());
            return Map.of();
        }
    }
}
