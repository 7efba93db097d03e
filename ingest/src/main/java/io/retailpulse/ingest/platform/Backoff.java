package io.retailpulse.ingest.platform;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one exponential back-off of ingest: {@code first} doubled per attempt, at most {@code max}, spread by
 * {@code ±jitter} (a fraction). Used by the two retry loops, the Kafka window commit ({@code WindowCommitter})
 * and the LLM client ({@code LlmPostClient}), and for the exponential steps of the connectors' reconnect
 * schedule ({@code ReconnectBackoff}). Both stay plain loops on the calling worker thread rather than
 * SmallRye Fault Tolerance {@code @Retry} or Mutiny's {@code retry().withBackOff()}: the window commit must look
 * for its marker before a retry and must not retry an unanswered broker, the LLM client honours
 * {@code Retry-After}, and in Quarkus Mutiny's back-off runs the retries on the caller's event loop.
 */
public record Backoff(Duration first, Duration max, double jitter) {
    /** Doublings beyond this would overflow; every back-off ingest configures is capped long before. */
    private static final int MAX_DOUBLINGS = 20;

    /** The wait after failed attempt {@code attempt} (0-based). */
    public Duration after(int attempt) {
        long delay = Math.min(first.toMillis() << Math.min(attempt, MAX_DOUBLINGS), max.toMillis());
        if (jitter > 0) {
            delay += (long) (delay * jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1));
        }
        return Duration.ofMillis(Math.max(0, delay));
    }

    /** Sleeps on the calling thread; an interrupt is kept on the thread and rethrown. */
    public static void sleep(Duration wait) throws InterruptedException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }
}
