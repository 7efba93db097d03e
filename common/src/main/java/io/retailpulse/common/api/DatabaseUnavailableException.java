package io.retailpulse.common.api;

/**
 * The database did not answer within its bound (see {@link DatabaseGuard}); answered 503 with {@code Retry-After}
 * by {@link ProblemMappers}. The message is plain text meant for clients.
 */
public class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message) {
        super(message, null, false, false);
    }
}
