package io.retailpulse.analytics.forecasts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.retailpulse.analytics.lists.CsvText;
import io.vertx.mutiny.sqlclient.Row;
import java.time.LocalDate;
import java.util.Map;

/**
 * A row of {@code GET /api/v1/forecasts}: the public field names of INTERFACES.md, the 80% interval, and the
 * model's components (on the model's fitted scale; null when the model had no such component, e.g. no trend from
 * ETS or Theta). With {@code components=true}, {@code components} holds every component the run stored, by name.
 * {@code model}: the model that produced the row ({@code prophet}, or what {@code auto} chose; null before it was
 * recorded).
 */
public record ForecastItem(
        LocalDate date,
        String store,
        String product,
        double yhat,
        @JsonProperty("yhat_lower") double yhatLower,
        @JsonProperty("yhat_upper") double yhatUpper,
        long runId,
        Double trend,
        Double weekly,
        Double yearly,
        Double holidays,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> components,
        String model) {

    public static final String CSV_HEADER =
            "date,store,product,yhat,yhat_lower,yhat_upper,runId,trend,weekly,yearly,holidays,model";

    static ForecastItem of(Row r, Map<String, Object> components) {
        return new ForecastItem(
                r.getLocalDate("forecast_date"),
                r.getString("store_id"),
                r.getString("product_id"),
                r.getDouble("yhat"),
                r.getDouble("yhat_lower"),
                r.getDouble("yhat_upper"),
                r.getLong("run_id"),
                r.getDouble("trend"),
                r.getDouble("weekly"),
                r.getDouble("yearly"),
                r.getDouble("holidays"),
                components,
                r.getString("model"));
    }

    static String csv(Row r) {
        ForecastItem i = of(r, null);
        return CsvText.line(
                i.date,
                i.store,
                i.product,
                i.yhat,
                i.yhatLower,
                i.yhatUpper,
                i.runId,
                i.trend,
                i.weekly,
                i.yearly,
                i.holidays,
                i.model);
    }
}
