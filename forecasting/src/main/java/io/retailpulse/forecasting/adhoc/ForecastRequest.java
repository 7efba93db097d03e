package io.retailpulse.forecasting.adhoc;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /api/v1/forecast}. {@code ds} and {@code y} are read as raw JSON so a bad value gets a precise
 * reason instead of a generic parse error; a null {@code y} is a missing value (left out of the fit). The field
 * constraints are checked by Bean Validation before the resource runs (their messages are the problem's detail);
 * what depends on several fields or on the series itself is checked by {@link ForecastRequestReader}.
 *
 * @param horizon       steps of the inferred spacing (default 30)
 * @param regressors    each with {@code values} for every series point (in request order) then optionally future
 *                      steps, or by reference ({@link RegressorSpec})
 * @param holidays      events with windows; {@code countryHolidays} adds a built-in calendar (US, GB, DE, FR)
 * @param cap           capacity for {@code growth: logistic}
 * @param model         auto (default; prophet when Prophet-only options are given), prophet, ets, theta, snaive
 *                      or ensemble
 * @param yearlySeasonality Fourier order of the built-in seasonality: null for Prophet's automatic choice,
 *                      0 to switch it off (same for weekly and daily)
 */
public record ForecastRequest(
        @NotEmpty(message = "series is missing or empty")
        @Size(
                max = ForecastRequestReader.MAX_POINTS,
                message = "series has more than {max} points; at most {max} " + "are accepted")
        List<Point> series,

        @Min(value = 1, message = HORIZON) @Max(value = ForecastRequestReader.MAX_HORIZON, message = HORIZON)
        Integer horizon,

        @DecimalMin(value = "0", inclusive = false, message = INTERVAL)
        @DecimalMax(value = "1", inclusive = false, message = INTERVAL)
        Double intervalWidth,

        @Max(value = 10_000, message = "uncertaintySamples must be at most 10000")
        Integer uncertaintySamples,

        List<SeasonalitySpec> seasonalities,
        List<HolidaySpec> holidays,
        String countryHolidays,
        List<RegressorSpec> regressors,
        String growth,
        String seasonalityMode,
        Double changepointPriorScale,
        Double cap,
        Double floor,
        Boolean includeHistory,

        @Min(value = 0, message = "yearlySeasonality" + ORDER) @Max(value = 100, message = "yearlySeasonality" + ORDER)
        Integer yearlySeasonality,

        @Min(value = 0, message = "weeklySeasonality" + ORDER) @Max(value = 100, message = "weeklySeasonality" + ORDER)
        Integer weeklySeasonality,

        @Min(value = 0, message = "dailySeasonality" + ORDER) @Max(value = 100, message = "dailySeasonality" + ORDER)
        Integer dailySeasonality,

        @Pattern(regexp = "\\s*(?i:auto|prophet|ets|theta|snaive|ensemble)\\s*", message = MODELS)
        String model) {

    static final String HORIZON = "horizon must be between 1 and " + ForecastRequestReader.MAX_HORIZON + " steps";
    static final String INTERVAL = "intervalWidth must be between 0 and 1 (exclusive)";
    static final String ORDER = " must be a Fourier order between 0 (off) and 100";
    static final String MODELS = "model must be one of auto, prophet, ets, theta, snaive, ensemble";

    public record Point(JsonNode ds, JsonNode y) {}

    public record SeasonalitySpec(String name, Double period, Integer fourierOrder, Double priorScale, String mode) {}

    public record HolidaySpec(String holiday, String ds, Integer lowerWindow, Integer upperWindow, Double priorScale) {}

    /**
     * A regressor: inline {@code values} (one per series point in request order, then optionally one per future
     * step; or the future ones in {@code futureValues}), or by reference ({@code source}: {@code signal} = the
     * external series {@code name} from ingest's {@code api_signal_daily}; {@code sentiment} = mean sentiment score,
     * {@code negative_share} = share of negative posts, {@code complaints} = complaint alerts (optionally of one
     * {@code reason}) per day for {@code product} and/or {@code store}, from inference's published views).
     * {@code lag}: the series reacts {@code lag} steps after the regressor (its values are shifted, so that many
     * future steps are known). {@code future}: how steps without a known value are filled, {@code forecast}
     * (default) or {@code hold}. See {@link RegressorPlan}.
     */
    public record RegressorSpec(
            String name,
            List<Double> values,
            Double priorScale,
            Boolean standardize,
            String mode,
            List<Double> futureValues,
            Integer lag,
            String future,
            String source,
            String product,
            String store,
            String reason) {

        public RegressorSpec(String name, List<Double> values, Double priorScale, Boolean standardize, String mode) {
            this(name, values, priorScale, standardize, mode, null, null, null, null, null, null, null);
        }

        /** Inline values, written as before lags, fills and references existed (values for every future step). */
        boolean legacy() {
            return futureValues == null && lag == null && future == null && !reference();
        }

        /** Values come from another service's published view, not the request. */
        boolean reference() {
            return source != null && !source.isBlank() && !source.trim().equalsIgnoreCase("inline");
        }
    }
}
