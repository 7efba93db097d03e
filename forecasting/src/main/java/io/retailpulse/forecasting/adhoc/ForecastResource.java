package io.retailpulse.forecasting.adhoc;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.retailpulse.common.api.ProblemException;
import io.retailpulse.forecasting.config.FittingPool;
import io.retailpulse.forecasting.model.Forecast;
import io.retailpulse.forecasting.model.ModelOptions;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
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
    /** Values from which the models' sums of squares can overflow a double (1.8e308). */
    private static final double HUGE = 1e100;

    private final ForecastRequestReader reader;
    private final AdHocForecaster forecaster;
    private final FittingPool pool;
    private final EngineForecaster engine;
    private final RegressorSources sources;

    public ForecastResource(
            ForecastRequestReader reader,
            AdHocForecaster forecaster,
            FittingPool pool,
            EngineForecaster engine,
            RegressorSources sources) {
        this.reader = reader;
        this.forecaster = forecaster;
        this.pool = pool;
        this.engine = engine;
        this.sources = sources;
    }

    /**
     * The answer: one object per step with ds, yhat, yhat_lower, yhat_upper (and, for prophet, trend and every
     * component); {@code model} is the family requested, {@code used} what produced the forecast (for auto: the
     * combined candidates or snaive), {@code detail} the fitted form, {@code candidates} each candidate's
     * cross-validated MASE (auto only), {@code regressors} per regressor its backtest error with and without it
     * ({@link RegressorAnswer}; only when the request names regressors).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ForecastResponse(
            List<Map<String, Object>> forecast,
            String model,
            String used,
            String detail,
            Map<String, Double> candidates,
            List<RegressorAnswer> regressors) {

        public ForecastResponse(
                List<Map<String, Object>> forecast,
                String model,
                String used,
                String detail,
                Map<String, Double> candidates) {
            this(forecast, model, used, detail, candidates, null);
        }
    }

    @POST
    public Uni<ForecastResponse> forecast(@Valid ForecastRequest request) {
        if (request == null) {
            return Uni.createFrom().failure(ProblemException.badRequest("the request body is missing"));
        }
        // Validation and fitting are CPU work: on the fitting pool, never on the event loop. Regressors by
        // reference are read from the other services' published views in between (RegressorSources).
        return Uni.createFrom()
                .item(() -> reader.series(request))
                .runSubscriptionOn(pool.executor())
                .chain(series -> referenced(request, series)
                        .emitOn(pool.executor())
                        .map(values -> compute(request, series, values)));
    }

    private Uni<Map<String, Map<LocalDate, Double>>> referenced(ForecastRequest request, AdHocSeries series) {
        boolean any =
                request.regressors() != null && request.regressors().stream().anyMatch(r -> r != null && r.reference());
        if (!any) {
            return Uni.createFrom().item(Map.of());
        }
        if (series.spacing() != Spacing.DAILY) {
            return Uni.createFrom()
                    .failure(ProblemException.badRequest("regressors with a source (signal, sentiment, "
                            + "negative_share, complaints) are daily series: they need a daily series, this one is "
                            + series.spacing().name().toLowerCase(java.util.Locale.ROOT)));
        }
        LocalDate from = series.ds()[0].toLocalDate();
        LocalDate to = series.ds()[series.ds().length - 1].toLocalDate().plusDays(reader.horizon(request));
        return sources.read(request, from, to);
    }

    private ForecastResponse compute(
            ForecastRequest request, AdHocSeries given, Map<String, Map<LocalDate, Double>> referenced) {
        AdHocSeries series = given;
        // The model name was checked by Bean Validation (ForecastRequest.MODELS).
        String model = request.model() == null
                ? defaultModel(request)
                : request.model().trim().toLowerCase(java.util.Locale.ROOT);
        int horizon = reader.horizon(request);
        List<RegressorPlan.Planned> planned = RegressorPlan.plan(request, series, horizon, referenced);
        if (!model.equals("prophet")) {
            return computeEngine(request, model, series, planned);
        }
        List<RegressorAnswer> answers = null;
        if (!planned.isEmpty()) {
            RegressorFits.ProphetInputs inputs;
            try {
                inputs = RegressorFits.prophet(
                        series,
                        planned,
                        horizon,
                        request.cap(),
                        request.floor(),
                        names -> reader.options(withRegressors(request, names), given));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest(e.getMessage());
            }
            series = inputs.series();
            answers = inputs.answers();
        }
        ModelOptions options = reader.options(request, series);
        boolean includeHistory = Boolean.TRUE.equals(request.includeHistory());
        Forecast f;
        try {
            f = forecaster.forecast(series, options, horizon, includeHistory, request.cap(), request.floor());
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
        requireFinite(rows, series);
        return new ForecastResponse(rows, "prophet", "prophet", null, null, answers);
    }

    /** The request with only the named regressors and no interval sampling: the Prophet-like model's backtests. */
    private static ForecastRequest withRegressors(ForecastRequest r, List<String> names) {
        List<ForecastRequest.RegressorSpec> specs =
                r.regressors().stream().filter(x -> names.contains(x.name())).toList();
        return new ForecastRequest(
                r.series(),
                r.horizon(),
                r.intervalWidth(),
                0,
                r.seasonalities(),
                r.holidays(),
                r.countryHolidays(),
                specs,
                r.growth(),
                r.seasonalityMode(),
                r.changepointPriorScale(),
                r.cap(),
                r.floor(),
                r.includeHistory(),
                r.yearlySeasonality(),
                r.weeklySeasonality(),
                r.dailySeasonality(),
                r.model());
    }

    /**
     * {@code auto} (INTERFACES.md), except for a request that uses options only the Prophet-like model has
     * (holidays, growth, ...), or regressors: those worked without {@code model} before auto became the default and
     * keep working, with prophet (and the same answer: components included). {@code model: auto} forecasts with
     * regressors too (RegressorFits).
     */
    private String defaultModel(ForecastRequest request) {
        if (request.regressors() != null && !request.regressors().isEmpty()) {
            return "prophet";
        }
        try {
            reader.requireProphetOnlyOptionsAbsent(request, "auto");
            return "auto";
        } catch (ProblemException prophetOptions) {
            return "prophet";
        }
    }

    private ForecastResponse computeEngine(
            ForecastRequest request, String model, AdHocSeries series, List<RegressorPlan.Planned> planned) {
        reader.requireProphetOnlyOptionsAbsent(request, model);
        double level = request.intervalWidth() == null ? 0.8 : request.intervalWidth(); // range: Bean Validation
        EngineForecaster.Result r;
        try {
            r = engine.forecast(series, model, reader.horizon(request), level, planned);
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
        requireFinite(rows, series);
        return new ForecastResponse(rows, model, r.used(), r.detail(), r.candidates(), r.regressors());
    }

    /**
     * Every figure of the answer is a number: values near the top of the double range (squares over 1.8e308)
     * overflow the models' sums, and Jackson would write the result as the strings "NaN" or "Infinity" in a 200.
     * Such an answer is a problem that names the figure and, for huge values, what to do.
     */
    private static void requireFinite(List<Map<String, Object>> rows, AdHocSeries series) {
        String where = firstNotANumber(rows);
        if (where == null) {
            return;
        }
        double largest = 0;
        for (double y : series.y()) {
            largest = Double.isNaN(y) ? largest : Math.max(largest, Math.abs(y));
        }
        throw ProblemException.badRequest(
                largest >= HUGE
                        ? String.format(
                                java.util.Locale.ROOT,
                                "%s: the arithmetic overflowed, the series' values reach %.3g; scale the series down "
                                        + "(for example to thousands) and the forecast back up",
                                where,
                                largest)
                        : where + " for this series: try another model (auto, theta, snaive)");
    }

    /** "the forecast is not a number (figure at ds)" for the first such figure, or null. */
    private static String firstNotANumber(List<Map<String, Object>> rows) {
        for (Map<String, Object> row : rows) {
            for (Map.Entry<String, Object> e : row.entrySet()) {
                if (e.getValue() instanceof Double d && !Double.isFinite(d)) {
                    return "the forecast is not a number (" + e.getKey() + " at " + row.get("ds") + ")";
                }
            }
        }
        return null;
    }
}
