package io.retailpulse.forecasting.runs;

import io.retailpulse.common.api.DatabaseDeadline;
import io.retailpulse.common.api.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Forecast runs over every store-product: start one, follow its progress and metrics. */
// Every answer waits for MySQL: bounded by pulse.database.timeout (then 503 + Retry-After).
@DatabaseDeadline
@Path("/api/v1/forecast-runs")
@Produces(MediaType.APPLICATION_JSON)
public class ForecastRunResource {
    private final ForecastRunner runner;
    private final ForecastRunRepository runs;
    private final CandidateRepository candidates;

    public ForecastRunResource(ForecastRunner runner, ForecastRunRepository runs, CandidateRepository candidates) {
        this.runner = runner;
        this.runs = runs;
        this.candidates = candidates;
    }

    /** Starts a run; it continues in the background. 202 with {@code {"runId":...}}, 409 while one is running. */
    @POST
    public Uni<Response> start() {
        return runner.start("api")
                .map(id -> Response.accepted(new RunStarted(id)).build());
    }

    @GET
    @Path("/{id}")
    public Uni<RunView> get(@PathParam("id") long id) {
        return runs.find(id)
                .chain(run -> run.isEmpty()
                        ? Uni.createFrom()
                                .failure(new ProblemException(404, "Not Found", "no forecast run " + id, null))
                        : runs.progress(id)
                                .chain(progress ->
                                        candidates.summary(id).map(choice -> RunView.of(run.get(), progress, choice))));
    }

    /** The answer to a started run. */
    public record RunStarted(long runId) {}
}
