package io.retailpulse.inference.scoring;

import io.retailpulse.common.api.DatabaseDeadline;
import io.retailpulse.common.api.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The model registry, drift against the training reference, and retraining by hand. */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {
    private final ModelRegistryRepository registry;
    private final DriftService drift;
    private final Retrainer retrainer;

    public ModelResource(ModelRegistryRepository registry, DriftService drift, Retrainer retrainer) {
        this.registry = registry;
        this.drift = drift;
        this.retrainer = retrainer;
    }

    public record ModelsView(List<ModelRegistryRepository.Version> items) {}

    /** Every registered version: name, version, task, status (ACTIVE, RETIRED, REJECTED), metrics, trainedAt, trainingData. */
    @GET
    @DatabaseDeadline
    public Uni<ModelsView> list() {
        return registry.all().map(ModelsView::new);
    }

    /** PSI of the recent label mix and confidence histogram against the reference (see DriftService). */
    @GET
    @Path("/drift")
    @DatabaseDeadline
    public Uni<DriftService.Report> drift() {
        return drift.report();
    }

    /**
     * Retrains the sentiment head on the labelled feedback now and answers the outcome: the new version with status
     * ACTIVE (swapped in) or REJECTED, or SKIPPED with the reason; 409 while a retrain runs.
     */
    @POST
    @Path("/retrain")
    public Uni<Retrainer.Outcome> retrain() {
        return retrainer.retrain("manual").map(o -> {
            if ("BUSY".equals(o.status())) {
                throw new ProblemException(409, "Conflict", "a retrain is already running", null);
            }
            return o;
        });
    }
}
