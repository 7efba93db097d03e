package io.retailpulse.forecasting.adhoc;

import io.retailpulse.common.api.ProblemException;
import io.retailpulse.forecasting.config.FittingPool;
import io.retailpulse.forecasting.model.Forecast;
import io.retailpulse.forecasting.model.ModelOptions;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ad-hoc forecasting of any hourly, daily, weekly, monthly, quarterly or yearly series ("forecast this"): by
 * default {@code auto} (the engine's choice per series, INTERFACES.md), or a named family; {@code prophet}'s answer
 * carries trend and components.
 */
@Path("/api/v1/forecast")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ForecastResource {
    private final ForecastRequestReader reader;
    private final AdHocForecaster forecaster;
    private final FittingPool pool;
    private final EngineForecaster engine;

    public ForecastResource(ForecastRequestReader reader, AdHocForecaster forecaster, FittingPool pool,
            EngineForecaster engine) {
        this.reader = reader;
        this.forecaster = forecaster;
        this.pool = pool;
        this.engine = engine;
    }

    /**
     * The answer: one object per step with ds, yhat, yhat_lower, yhat_upper (and, for prophet, trend and every
     * component); {@code model} is the family requested, {@code used} what produced the forecast (for auto: the
     * combined candidates or snaive), {@code detail} the fitted form, {@code candidates} each candidate's
     * cross-validated MASE (auto only).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ForecastResponse(List<Map<String, Object>> forecast, String model, String used, String detail,
            Map<String, Double> candidates) {
    }

    @POST
    public Uni<ForecastResponse> forecast(@Valid ForecastRequest request) {
        if (request == null) {
            return Uni.createFrom().failure(ProblemException.badRequest("the request body is missing"));
        }
        // Validation and fitting are CPU work: on the fitting pool, never on the event loop.
        return Uni.createFrom().item(() -> compute(request)).runSubscriptionOn(pool.executor());
    }

    private ForecastResponse compute(ForecastRequest request) {
        // The model name was checked by Bean Validation (ForecastRequest.MODELS).
        String model = request.model() == null ? defaultModel(request)
                : request.model().trim().toLowerCase(java.util.Locale.ROOT);
        AdHocSeries series = reader.series(request);
        if (!model.equals("prophet")) {
            return computeEngine(request, model, series);
        }
        ModelOptions options = reader.options(request, series);
        boolean includeHistory = Boolean.TRUE.equals(request.includeHistory());
        Forecast f;
        try {
            f = forecaster.forecast(series, options, reader.horizon(request), includeHistory, request.cap(),
                    request.floor());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        List<Map<String, Object>> rows = new ArrayList<>(f.size());
        for (int i = 0; i < f.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("ds", series.datesOnly() ? f.ds()[i].toLocalDate().toString() : f.ds()[i].toString());
            row.put("yhat", f.yhat()[i]);
            row.put("yhat_lower", f.yhatLower()[i]);
            row.put("yhat_upper", f.yhatUpper()[i]);
            for (Map.Entry<String, double[]> c : f.components().entrySet()) {
                row.put(c.getKey(), c.getValue()[i]);
            }
            rows.add(row);
        }
        return new ForecastResponse(rows, "prophet", "prophet", null, null);
    }

    /**
     * {@code auto} (INTERFACES.md), except for a request that uses options only the Prophet-like model has
     * (holidays, regressors, growth, ...): those worked without {@code model} before auto became the default and
     * keep working, with prophet.
     */
    private String defaultModel(ForecastRequest request) {
        try {
            reader.requireProphetOnlyOptionsAbsent(request, "auto");
            return "auto";
        } catch (ProblemException prophetOptions) {
            return "prophet";
        }
    }

    private ForecastResponse computeEngine(ForecastRequest request, String model, AdHocSeries series) {
        reader.requireProphetOnlyOptionsAbsent(request, model);
        double level = request.intervalWidth() == null ? 0.8 : request.intervalWidth(); // range: Bean Validation
        EngineForecaster.Result r;
        try {
            r = engine.forecast(series, model, reader.horizon(request), level);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        List<Map<String, Object>> rows = new ArrayList<>(r.ds().length);
        for (int i = 0; i < r.ds().length; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("ds", series.datesOnly() ? r.ds()[i].toLocalDate().toString() : r.ds()[i].toString());
            row.put("yhat", r.forecast().mean()[i]);
            row.put("yhat_lower", r.forecast().lower()[i]);
            row.put("yhat_upper", r.forecast().upper()[i]);
            rows.add(row);
        }
        return new ForecastResponse(rows, model, r.used(), r.detail(), r.candidates());
    }
}
