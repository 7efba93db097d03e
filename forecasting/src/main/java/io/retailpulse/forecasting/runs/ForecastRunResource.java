package io.retailpulse.forecasting.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.api.DatabaseDeadline;
import io.retailpulse.common.api.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;

/** Forecast runs over every store-product: start one, follow its progress and metrics. */
// Every answer waits for MySQL: bounded by pulse.database.timeout (then 503 + Retry-After).
@DatabaseDeadline
@Path("/api/v1/forecast-runs")
@Produces(MediaType.APPLICATION_JSON)
public class ForecastRunResource {
    private final ForecastRunner runner;
    private final ForecastRunRepository runs;
    private final RunRegressors regressors;
    private final RunRegressorRepository runRegressors;
    private final CandidateRepository candidates;
    private final ObjectMapper mapper;

    public ForecastRunResource(
            ForecastRunner runner,
            ForecastRunRepository runs,
            RunRegressors regressors,
            RunRegressorRepository runRegressors,
            CandidateRepository candidates,
            ObjectMapper mapper) {
        this.runner = runner;
        this.runs = runs;
        this.regressors = regressors;
        this.runRegressors = runRegressors;
        this.candidates = candidates;
        this.mapper = mapper;
    }

    /**
     * Starts a run; it continues in the background. 202 with {@code {"runId":...}}, 409 while one is running. The
     * body is optional: {@code {"regressors":[...]}} names the run's regressors ({@link RunRegressor}; a name alone
     * picks a configured one, an empty list none); without it the configured ones apply. Bad regressors: 400.
     */
    @POST
    // Any type, so that a POST without a body (and without a Content-Type) keeps starting a run; a body must be
    // JSON (415 otherwise; a charset other than UTF-8 is refused before, by common's RequestCharsetFilter).
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> start(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        List<RunRegressor> chosen;
        try {
            chosen = regressors.resolve(read(contentType, body).regressors());
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        return runner.start("api", chosen)
                .map(id -> Response.accepted(new RunStarted(id)).build());
    }

    /** The optional body; any JSON error is a 400 saying where (an unknown field included). */
    private RunRequest read(String contentType, String body) {
        if (body == null || body.isBlank()) {
            return new RunRequest(null);
        }
        if (contentType == null
                || !contentType.trim().toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_JSON)) {
            throw new ProblemException(
                    415,
                    "Unsupported Media Type",
                    "the run request is JSON (Content-Type: application/json), not " + contentType,
                    null);
        }
        try {
            RunRequest r = mapper.readerFor(RunRequest.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(body);
            return r == null ? new RunRequest(null) : r;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw ProblemException.badRequest("the run request is not valid JSON of the expected shape "
                    + "({\"regressors\":[{\"name\":...,\"source\":...,\"lag\":...}]})"
                    + (at == null || at.getLineNr() < 1
                            ? ""
                            : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    @GET
    @Path("/{id}")
    public Uni<RunAnswer> get(@PathParam("id") long id) {
        return runs.find(id)
                .chain(run -> run.isEmpty()
                        ? Uni.createFrom()
                                .failure(new ProblemException(404, "Not Found", "no forecast run " + id, null))
                        : runs.progress(id)
                                .chain(progress -> runs.failures(id, RunView.FAILURES_SHOWN)
                                        .chain(failed -> candidates
                                                .summary(id)
                                                .map(choice -> RunView.of(run.get(), progress, failed, choice)))))
                .chain(view -> runRegressors
                        .summary(id)
                        .map(summary -> new RunAnswer(view, summary.isEmpty() ? null : summary)));
    }

    /** Per store-product and regressor: the backtest with and without it (at most 1,000 rows). */
    @GET
    @Path("/{id}/regressors")
    public Uni<PairRows> regressors(
            @PathParam("id") long id, @QueryParam("store") String store, @QueryParam("product") String product) {
        return runRegressors.pairs(id, blank(store), blank(product)).map(PairRows::new);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The answer to a started run. */
    public record RunStarted(long runId) {}

    /** The optional body of {@code POST /api/v1/forecast-runs}. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record RunRequest(List<RunRegressor> regressors) {}

    /**
     * A run ({@link RunView}'s fields) and, when it has regressors, per regressor over its pairs: how many it helped,
     * how many forecasts use it, the fallbacks, and the mean backtest error with and without it.
     */
    @io.quarkus.runtime.annotations.RegisterForReflection(
            targets = {RunAnswer.class, RunRegressorRepository.Summary.class})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunAnswer(@JsonUnwrapped RunView run, List<RunRegressorRepository.Summary> regressors) {}

    @io.quarkus.runtime.annotations.RegisterForReflection(
            targets = {PairRows.class, RunRegressorRepository.PairRow.class})
    public record PairRows(List<RunRegressorRepository.PairRow> items) {}
}
