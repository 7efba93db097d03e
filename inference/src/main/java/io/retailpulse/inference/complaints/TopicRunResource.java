package io.retailpulse.inference.complaints;

import io.retailpulse.common.api.DatabaseDeadline;
import io.retailpulse.common.api.ProblemException;
import io.retailpulse.inference.shared.QueryInstants;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Weekly topic runs: start one, follow its progress, read its topics and elected reasons. */
// Every answer waits for MySQL: bounded by pulse.database.timeout (then 503 + Retry-After).
@DatabaseDeadline
@Path("/api/v1/topics")
@Produces(MediaType.APPLICATION_JSON)
public class TopicRunResource {
    private final TopicRunner runner;
    private final TopicRunRepository runs;
    private final TopicStore store;

    public TopicRunResource(TopicRunner runner, TopicRunRepository runs, TopicStore store) {
        this.runner = runner;
        this.runs = runs;
        this.store = store;
    }

    /** A run's status with its topics (vanished ones included) and elected reasons. */
    public record RunView(TopicRunRepository.Run run, List<TopicView> topics, List<TopicStore.Reason> reasons) {}

    /** A topic of a run, without its centroid. */
    public record TopicView(
            long topicId,
            String label,
            List<String> keywords,
            List<String> representatives,
            int size,
            int unhappy,
            Integer previousSize,
            String change) {
        static TopicView of(TopicStore.RunTopic t) {
            return new TopicView(
                    t.topicId(),
                    t.label(),
                    t.keywords(),
                    t.representatives(),
                    t.size(),
                    t.unhappy(),
                    t.previousSize(),
                    t.change());
        }
    }

    public record RunStarted(long runId) {}

    /**
     * Starts a run over {@code [from, to)} (ISO instants; default: the configured window ending now). 202 with
     * {@code {"runId":...}}; 409 while a run is in progress.
     */
    @POST
    @Path("/runs")
    public Uni<Response> start(@QueryParam("from") String from, @QueryParam("to") String to) {
        return runner.start("api", QueryInstants.parse("from", from, null), QueryInstants.parse("to", to, null))
                .map(id -> Response.accepted(new RunStarted(id)).build());
    }

    /** Status and progress (done / total documents embedded); topics and reasons once it is DONE. */
    @GET
    @Path("/runs/{id}")
    public Uni<RunView> get(@PathParam("id") long id) {
        return runs.find(id).chain(run -> {
            TopicRunRepository.Run r =
                    run.orElseThrow(() -> new ProblemException(404, "Not Found", "no topic run " + id, null));
            return store.runTopics(id)
                    .map(ts -> ts.stream().map(TopicView::of).toList())
                    .chain(topics -> store.reasons(id).map(reasons -> new RunView(r, topics, reasons)));
        });
    }

    /** The latest run's status (any status). */
    @GET
    @Path("/runs/latest")
    public Uni<RunView> latest() {
        return runs.latest()
                .chain(run ->
                        get(run.orElseThrow(() -> new ProblemException(404, "Not Found", "no topic run yet", null))
                                .runId()));
    }

    /** The elected top reasons of the latest run that found topics (what real-time alerts match against). */
    @GET
    @Path("/reasons")
    public Uni<ReasonsView> reasons() {
        return store.latest()
                .map(s -> s.map(snapshot -> new ReasonsView(snapshot.runId(), snapshot.reasons()))
                        .orElse(new ReasonsView(null, List.of())));
    }

    public record ReasonsView(Long runId, List<TopicStore.Reason> items) {}
}
