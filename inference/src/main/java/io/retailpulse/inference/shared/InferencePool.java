package io.retailpulse.inference.shared;

import io.quarkus.runtime.ShutdownEvent;
import io.retailpulse.common.work.WorkerPools;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ExecutorService;

/**
 * The threads that run the encoder and clustering: CPU-bound work stays off the event loop. One thread, because
 * ONNX Runtime already uses {@code pulse.inference.encoder.threads} cores per pass; two passes at once only
 * contend on the same cores.
 */
@ApplicationScoped
public class InferencePool {
    private final ExecutorService executor;

    public InferencePool() {
        this.executor = WorkerPools.fixed("inference-worker", 1);
    }

    public ExecutorService executor() {
        return executor;
    }

    void shutdown(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }
}
