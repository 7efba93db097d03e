package io.retailpulse.common.work;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool of daemon threads named {@code <prefix>-<n>} for CPU-bound work, kept off the event loop and off
 * Quarkus' blocking pool. CDI-free: each service holds its pool in its own bean (its size, its thread names) and
 * shuts it down on {@code ShutdownEvent}.
 */
public final class WorkerPools {
    private WorkerPools() {}

    /** {@code threads} threads (at least one), created on demand, daemon so they never hold the JVM up. */
    public static ExecutorService fixed(String threadPrefix, int threads) {
        AtomicInteger counter = new AtomicInteger();
        return Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, threadPrefix + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
