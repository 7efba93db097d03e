package io.retailpulse.inference.scoring;

import static io.retailpulse.inference.scoring.SentimentScoringResource.fail;

import io.retailpulse.common.events.EntityMention;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Named entities: PERSON, LOCATION, ORGANIZATION, MISC from the model, PRODUCT and STORE from the live catalog
 * ({@code key} = the catalog id), character offsets with end exclusive. Same limits as the sentiment API.
 */
@Path("/api/v1/entities")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EntityRecognitionResource {
    private final ScoringBatcher batcher;
    private final TextLimits limits;

    public EntityRecognitionResource(ScoringBatcher batcher, TextLimits limits) {
        this.batcher = batcher;
        this.limits = limits;
    }

    public record EntitiesView(List<EntityMention> entities) {}

    public record BatchView(List<EntitiesView> results) {}

    @POST
    public Uni<EntitiesView> one(SentimentScoringResource.TextRequest request) {
        String text = request == null ? null : request.text();
        fail(limits.check("text", text));
        return entities(List.of(text)).map(r -> r.get(0));
    }

    @POST
    @Path("/batch")
    public Uni<BatchView> batch(SentimentScoringResource.BatchRequest request) {
        List<String> texts = request == null ? null : request.texts();
        fail(limits.checkBatch(texts));
        return entities(texts).map(BatchView::new);
    }

    private Uni<List<EntitiesView>> entities(List<String> texts) {
        return batcher.score(texts)
                .map(r -> r.stream().map(s -> new EntitiesView(s.entities())).toList());
    }
}
