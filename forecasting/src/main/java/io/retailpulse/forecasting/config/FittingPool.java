package io.retailpulse.forecasting.config;

import io.quarkus.runtime.ShutdownEvent;
import io.retailpulse.common.work.WorkerPools;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ExecutorService;

/** The threads that fit models: CPU-bound work stays off the event loop and off Quarkus' blocking pool. */
@ApplicationScoped
public class FittingPool {
    private final ExecutorService executor;

    public FittingPool(ForecastingConfig config) {
        this.executor = WorkerPools.fixed("forecast-fit", config.workers());
    }

    public ExecutorService executor() {
        return executor;
    }

    void shutdown(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }
}
