package io.retailpulse.ingest.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.api.JsonFields;
import io.retailpulse.common.api.ProblemException;
import io.retailpulse.ingest.demo.posts.PostRequest;
import io.retailpulse.ingest.demo.posts.PostRunResult;
import io.retailpulse.ingest.demo.posts.PostService;
import io.retailpulse.ingest.demo.retail.GeneratorRequest;
import io.retailpulse.ingest.demo.retail.GeneratorService;
import io.retailpulse.ingest.demo.retail.GeneratorStatus;
import io.retailpulse.ingest.feedback.FeedbackService;
import io.retailpulse.ingest.kafka.PublishFailedException;
import io.retailpulse.ingest.platform.Problems;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/** Synthetic data: retail transactions (backfill or real time) and shopper posts. */
@Path("/api/v1/generator")
@Produces(MediaType.APPLICATION_JSON)
public class GeneratorResource {
    private final GeneratorService generator;
    private final PostService posts;
    private final ObjectMapper mapper;

    private final Validator validator;

    public GeneratorResource(GeneratorService generator, PostService posts, ObjectMapper mapper, Validator validator) {
        this.generator = generator;
        this.posts = posts;
        this.mapper = mapper;
        this.validator = validator;
    }

    @POST
    @Path("/start")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(
            summary = "Start the retail generator",
            description =
                    "{\"mode\":\"backfill|realtime\",\"stores\":5,\"products\":20,\"days\":730,\"start\":\"2024-01-01\","
                            + "\"seed\":42,\"rate\":20,\"plant\":false}; all optional; plant (backfill) adds the demo's planted "
                            + "effect: posts about SKU-0003 with a negative burst, its sales following 3 days later (an unknown field is a 400). Answers 202 with the status; poll GET /api/v1/generator.")
    public Response start(
            @RequestBody(content = @Content(schema = @Schema(implementation = GeneratorRequest.class))) JsonNode body)
            throws JsonProcessingException {
        GeneratorRequest request = strict(body, GeneratorRequest.class);
        try {
            GeneratorStatus status = generator.start(
                    request == null ? new GeneratorRequest(null, null, null, null, null, null, null, null) : request);
            if (!Boolean.TRUE.equals(status.request().plant())) {
                return Response.accepted(status).build();
            }
            // The planted posts do not depend on the sales being there: sent now, while the backfill runs. The
            // answer says how many, so a caller can wait until inference has scored them all.
            long planted = posts.plant(status.request());
            com.fasterxml.jackson.databind.node.ObjectNode answer = mapper.valueToTree(status);
            answer.put("plantedPosts", planted);
            return Response.accepted(answer).build();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        } catch (IllegalStateException e) {
            throw new ProblemException(409, "Conflict", e.getMessage(), null);
        } catch (PublishFailedException | FeedbackService.InDoubtException e) {
            throw Problems.unavailable("The planted posts could not be handed on (" + e.getMessage() + "); the "
                    + "backfill runs on; start it again with the same seed once it is done: nothing is sent twice.");
        }
    }

    /**
     * Every field is optional, so an unknown one would silently mean "all defaults" (e.g. {@code {"items":[]}}
     * starting a full backfill): it is a 400 instead. An empty body still means the defaults. The body is read
     * as a tree for that check (the service's mapper ignores unknown fields), so the record's constraints are
     * checked here rather than by {@code @Valid} on a parameter; a violation is answered by ConstraintProblems.
     */
    private <T extends Record> T strict(JsonNode body, Class<T> type) throws JsonProcessingException {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return null;
        }
        JsonFields.requireKnown(body, type);
        T request = mapper.treeToValue(body, type);
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return request;
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
    @Operation(
            summary = "Generate shopper posts into feedback.raw",
            description = "{\"count\":100,\"seed\":7,\"mode\":\"offline|llm\"}; 35/35/30 positive/neutral/negative, "
                    + "ground truth in metadata. The same seed gives the same externalIds, so a re-run adds nothing.")
    public PostRunResult posts(
            @RequestBody(content = @Content(schema = @Schema(implementation = PostRequest.class))) JsonNode body)
            throws JsonProcessingException {
        PostRequest request = strict(body, PostRequest.class);
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
