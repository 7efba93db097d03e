package io.retailpulse.analytics.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.retailpulse.analytics.persistence.Forecast;

import java.time.LocalDate;

/**
 * A row of {@code GET /api/v1/forecasts}: the public field names of INTERFACES.md plus the model's components
 * (on the model's fitted scale; null when the model had no such component).
 */
public record ForecastItem(LocalDate date, String store, String product, double yhat,
        @JsonProperty("yhat_lower") double yhatLower, @JsonProperty("yhat_upper") double yhatUpper, long runId,
        double trend, Double weekly, Double yearly, Double holidays) {

    static final String CSV_HEADER = "date,store,product,yhat,yhat_lower,yhat_upper,runId";

    static ForecastItem of(Forecast f) {
        return new ForecastItem(f.date, f.storeId, f.productId, f.yhat, f.yhatLower, f.yhatUpper, f.runId, f.trend,
                f.weekly, f.yearly, f.holidays);
    }

    String csv() {
        return date + "," + CsvText.field(store) + "," + CsvText.field(product) + "," + yhat + "," + yhatLower + ","
                + yhatUpper + "," + runId;
    }
}
