package io.retailpulse.common.api;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Bounds a database call made for an HTTP request by {@code pulse.database.timeout}: past it the caller gets a
 * {@link DatabaseUnavailableException} (503) instead of waiting on a frozen server for ever. The query itself is
 * not cancelled (the client cannot): it completes or fails when the server comes back or its socket closes.
 */
@ApplicationScoped
public class DatabaseGuard {
    private final Duration timeout;

    public DatabaseGuard(DatabaseConfig config) {
        this.timeout = config.timeout();
    }

    public <T> Uni<T> bound(Uni<T> call) {
        return bound(call, timeout);
    }

    public Duration timeout() {
        return timeout;
    }

    public static <T> Uni<T> bound(Uni<T> call, Duration timeout) {
        return call.ifNoItem()
                .after(timeout)
                .failWith(() -> new DatabaseUnavailableException(
                        "The database did not answer within " + timeout.toMillis() + " ms"));
    }
}
