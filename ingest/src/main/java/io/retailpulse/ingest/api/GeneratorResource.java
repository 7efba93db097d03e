package io.retailpulse.ingest.api;

import io.retailpulse.common.api.ProblemException;
import io.retailpulse.ingest.domain.FeedbackService;
import io.retailpulse.ingest.domain.GeneratorRequest;
import io.retailpulse.ingest.domain.GeneratorService;
import io.retailpulse.ingest.domain.GeneratorStatus;
import io.retailpulse.ingest.domain.PostRequest;
import io.retailpulse.ingest.domain.PostRunResult;
import io.retailpulse.ingest.domain.PostService;
import io.retailpulse.ingest.domain.PublishFailedException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Synthetic data: retail transactions (backfill or real time) and shopper posts. */
@Path("/api/v1/generator")
@Produces(MediaType.APPLICATION_JSON)
public class GeneratorResource {
    private final GeneratorService generator;
    private final PostService posts;

    public GeneratorResource(GeneratorService generator, PostService posts) {
        this.generator = generator;
        this.posts = posts;
    }

    @POST
    @Path("/start")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Start the retail generator",
            description = "{\"mode\":\"backfill|realtime\",\"stores\":5,\"products\":20,\"days\":730,\"start\":\"2024-01-01\","
                    + "\"seed\":42,\"rate\":20}; all optional. Answers 202 with the status; poll GET /api/v1/generator.")
    public Response start(GeneratorRequest request) {
        try {
            GeneratorStatus status = generator.start(request == null
                    ? new GeneratorRequest(null, null, null, null, null, null, null) : request);
            return Response.accepted(status).build();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        } catch (IllegalStateException e) {
            throw new ProblemException(409, "Conflict", e.getMessage(), null);
        }
    }

    @POST
    @Path("/stop")
    @Operation(summary = "Stop the retail generator (a backfill stops after the current day)")
    public GeneratorStatus stop() {
        return generator.stop();
    }

    @GET
    @Operation(summary = "Status of the retail generator")
    public GeneratorStatus status() {
        return generator.status();
    }

    @POST
    @Path("/posts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Generate shopper posts into feedback.raw",
            description = "{\"count\":100,\"seed\":7,\"mode\":\"offline|llm\"}; 35/35/30 positive/neutral/negative, "
                    + "ground truth in metadata. The same seed gives the same externalIds, so a re-run adds nothing.")
    public PostRunResult posts(PostRequest request) {
        try {
            return posts.generate(request == null ? new PostRequest(null, null, null) : request);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        } catch (PublishFailedException | FeedbackService.InDoubtException e) {
            throw Problems.unavailable("The posts could not be handed on (" + e.getMessage() + "); run again later "
                    + "with the same seed: posts already sent are not sent twice.");
        }
    }
}
