package io.retailpulse.inference.shared;

import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * Every retry of inference, declared once: exponential back-off from {@link #FIRST} to {@link #LONGEST} for what
 * waits out an outage (a consumer's batch while MySQL or Kafka is down, a dead letter the broker has not taken),
 * and the webhook's own configured attempts. The Uni is re-subscribed on each attempt, so it must be lazy.
 */
public final class Retries {
    public static final Duration FIRST = Duration.ofSeconds(1);
    public static final Duration LONGEST = Duration.ofSeconds(30);

    private Retries() {}

    /** Retried until it succeeds ({@code retries < 0}) or at most {@code retries} more times. */
    public static <T> Uni<T> outage(Uni<T> attempt, int retries) {
        return withBackOff(attempt, FIRST, LONGEST, retries);
    }

    /** Retried until it succeeds. */
    public static <T> Uni<T> outage(Uni<T> attempt) {
        return outage(attempt, -1);
    }

    /** Back-off from {@code first} to {@code longest}; {@code retries < 0}: until it succeeds. */
    public static <T> Uni<T> withBackOff(Uni<T> attempt, Duration first, Duration longest, int retries) {
        var retry = attempt.onFailure().retry().withBackOff(first, longest);
        return retries < 0 ? retry.indefinitely() : retry.atMost(retries);
    }
}
