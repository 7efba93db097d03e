package io.retailpulse.inference.scoring;

import io.retailpulse.inference.catalog.Gazetteer;
import io.retailpulse.nlp.PulseTextModel;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness names the sentiment model version that scores and the catalog entries the gazetteer knows. */
@Readiness
@ApplicationScoped
public class ModelHealth implements HealthCheck {
    private final ActiveModel active;
    private final Gazetteer gazetteer;

    public ModelHealth(ActiveModel active, Gazetteer gazetteer) {
        this.active = active;
        this.gazetteer = gazetteer;
    }

    @Override
    public HealthCheckResponse call() {
        PulseTextModel model = active.get();
        return HealthCheckResponse.named("pulse-text model")
                .status(model != null)
                .withData("model", model == null ? "none" : model.name())
                .withData("version", model == null ? "none" : model.version())
                .withData("catalogEntries", gazetteer.size())
                .build();
    }
}
