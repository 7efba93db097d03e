package io.retailpulse.inference.shared;

import io.quarkus.runtime.ShutdownEvent;
import io.retailpulse.common.work.WorkerPools;
import io.retailpulse.inference.config.NlpConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;

/**
 * The threads that run the encoders and clustering: CPU-bound work stays off the event loop. As many threads as
 * pulse-text passes may run at once ({@code pulse.inference.nlp.concurrent-passes}, each pass with
 * {@code nlp.threads} ONNX Runtime threads): more would only contend on the same cores. Retraining, topic matching
 * and clustering queue on the same workers.
 */
@ApplicationScoped
public class InferencePool {
    private final ExecutorService executor;

    @Inject
    public InferencePool(NlpConfig config) {
        this(config.concurrentPasses());
    }

    /** One worker (tests, benchmarks). */
    public InferencePool() {
        this(1);
    }

    public InferencePool(int workers) {
        this.executor = WorkerPools.fixed("inference-worker", Math.max(1, workers));
    }

    public ExecutorService executor() {
        return executor;
    }

    void shutdown(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }
}
