package io.retailpulse.inference.scoring;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.retailpulse.inference.catalog.Gazetteer;
import io.retailpulse.inference.config.InferenceConfig;
import io.retailpulse.inference.config.NlpConfig;
import io.retailpulse.nlp.ModelOptions;
import io.retailpulse.nlp.Precision;
import io.retailpulse.nlp.PulseTextModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** The pulse-text model (loaded at start-up, not on the first text), the catalog gazetteer and the input limits. */
@ApplicationScoped
public class PulseTextProducer {
    private volatile ActiveModel model;

    @Produces
    @Singleton
    ActiveModel model(NlpConfig config, InferenceConfig inference) {
        Path cache = Path.of(config.cacheDir()
                .or(() -> inference.encoder().cacheDir())
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "retailpulse-djl")
                        .toString()));
        model = new ActiveModel(PulseTextModel.load(new ModelOptions(
                config.threads(),
                cache,
                config.maxBatch(),
                config.precision().map(Precision::parse).orElse(null),
                config.spinning())));
        return model;
    }

    @Produces
    @Singleton
    Gazetteer gazetteer(NlpConfig config) {
        return new Gazetteer(config.catalog().fuzzyMinLength());
    }

    @Produces
    @Singleton
    TextLimits limits(NlpConfig config) {
        return new TextLimits(config.maxTextLength(), config.maxBatchTexts());
    }

    void load(@Observes StartupEvent event, ActiveModel model) {
        // injecting it is enough: the model loads during start-up, readiness comes after
    }

    void close(@Observes ShutdownEvent event) {
        if (model != null) {
            model.close();
        }
    }
}
