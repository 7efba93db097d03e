package io.retailpulse.forecasting.config;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads that fit models: CPU-bound work stays off the event loop and off Quarkus' blocking pool. */
@ApplicationScoped
public class FittingPool {
    private final ExecutorService executor;

    public FittingPool(ForecastingConfig config) {
        AtomicInteger counter = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(Math.max(1, config.workers()), r -> {
            Thread t = new Thread(r, "forecast-fit-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public ExecutorService executor() {
        return executor;
    }

    void shutdown(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }
}
