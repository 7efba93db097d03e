package io.retailpulse.ingest.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailpulse.common.api.ProblemException;
import io.retailpulse.ingest.kafka.PublishFailedException;
import io.retailpulse.ingest.platform.IngestConfig;
import io.retailpulse.ingest.platform.Problems;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/feedback")
public class FeedbackResource {
    private final FeedbackService service;
    private final IngestConfig config;

    public FeedbackResource(FeedbackService service, IngestConfig config) {
        this.service = service;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking // waits for MySQL and Kafka
    @Operation(
            summary = "Submit customer feedback (CRM, support, reviews, social)",
            description = "One object or {\"items\":[...]}; fields source, externalId, text, ts (ISO-8601), optional "
                    + "userId, lang, tags, metadata. (source, externalId) is the dedupe key and gives a stable "
                    + "eventId. Invalid items are listed in errors (index, reason); a request with no valid item "
                    + "is a 400.")
    public FeedbackResult submit(JsonNode body) {
        List<JsonNode> items = items(body);
        FeedbackResult result;
        try {
            result = service.submit(items);
        } catch (PublishFailedException e) {
            throw Problems.unavailable("Kafka did not take the feedback (" + e.getMessage() + "); send it again "
                    + "later: items already received are not sent twice.");
        } catch (FeedbackService.InDoubtException e) {
            throw Problems.unavailable(e.getMessage());
        }
        if (result.accepted() == 0) {
            throw new ProblemException(
                    400,
                    "Bad Request",
                    items.size() == 1
                            ? "The feedback item is invalid: "
                                    + result.errors().get(0).reason()
                            : "No item of the request is valid.",
                    result.errors());
        }
        return result;
    }

    /**
     * Hand-written, not Bean Validation: the body is a shape (one feedback object or {@code {"items":[...]}}),
     * not a field to annotate, and its limit is configuration ({@code feedback-max-items}), which a
     * {@code @Size} cannot read. The items themselves are judged one by one in FeedbackParser.
     */
    private List<JsonNode> items(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("The body must be a feedback object or {\"items\":[...]}.");
        }
        JsonNode items = body.get("items");
        if (items == null) {
            return List.of(body);
        }
        if (!items.isArray() || items.isEmpty()) {
            throw ProblemException.badRequest("items must be a non-empty array of feedback objects.");
        }
        if (items.size() > config.feedbackMaxItems()) {
            throw ProblemException.badRequest(
                    "items has " + items.size() + " entries; at most " + config.feedbackMaxItems() + " per request.");
        }
        List<JsonNode> list = new ArrayList<>(items.size());
        items.forEach(list::add);
        return list;
    }
}
