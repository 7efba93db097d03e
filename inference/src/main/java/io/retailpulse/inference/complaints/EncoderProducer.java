package io.retailpulse.inference.complaints;

import io.quarkus.runtime.ShutdownEvent;
import io.retailpulse.inference.config.InferenceConfig;
import io.retailpulse.inference.engine.TopicModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** The topic engine's sentence encoder, one per process (sentiment and NER run on pulse-text: PulseTextProducer). */
@ApplicationScoped
public class EncoderProducer {
    private volatile SentenceEncoder encoder;

    @Produces
    @Singleton
    SentenceEncoder encoder(InferenceConfig config) {
        InferenceConfig.Encoder e = config.encoder();
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            // DJL unpacks the tokenizer's native library here; the default (~/.djl.ai) may not be writable
            System.setProperty(
                    "DJL_CACHE_DIR",
                    e.cacheDir()
                            .orElse(Path.of(System.getProperty("java.io.tmpdir"), "retailpulse-djl")
                                    .toString()));
        }
        encoder = new SentenceEncoder(
                new EncoderSpec(e.modelResource(), e.tokenizerResource(), e.maxTokens(), e.batchSize(), e.threads()));
        return encoder;
    }

    @Produces
    @Singleton
    TopicModel topicModel(SentenceEncoder encoder) {
        return new TopicModel(encoder);
    }

    void close(@Observes ShutdownEvent event) {
        if (encoder != null) {
            encoder.close();
        }
    }
}
