package io.retailpulse.forecasting.api;

import io.retailpulse.common.api.ProblemException;
import io.retailpulse.forecasting.config.FittingPool;
import io.retailpulse.forecasting.domain.AdHocForecaster;
import io.retailpulse.forecasting.domain.AdHocSeries;
import io.retailpulse.forecasting.model.Forecast;
import io.retailpulse.forecasting.model.ModelOptions;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ad-hoc forecasting of any hourly, daily or weekly series ("forecast this"). */
@Path("/api/v1/forecast")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ForecastResource {
    private final ForecastRequestReader reader;
    private final AdHocForecaster forecaster;
    private final FittingPool pool;

    public ForecastResource(ForecastRequestReader reader, AdHocForecaster forecaster, FittingPool pool) {
        this.reader = reader;
        this.forecaster = forecaster;
        this.pool = pool;
    }

    /** The answer: one object per step with ds, yhat, yhat_lower, yhat_upper, trend and every component. */
    public record ForecastResponse(List<Map<String, Object>> forecast) {
    }

    @POST
    public Uni<ForecastResponse> forecast(ForecastRequest request) {
        if (request == null) {
            return Uni.createFrom().failure(ProblemException.badRequest("the request body is missing"));
        }
        // Validation and fitting are CPU work: on the fitting pool, never on the event loop.
        return Uni.createFrom().item(() -> compute(request)).runSubscriptionOn(pool.executor());
    }

    private ForecastResponse compute(ForecastRequest request) {
        AdHocSeries series = reader.series(request);
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
        return new ForecastResponse(rows);
    }
}
