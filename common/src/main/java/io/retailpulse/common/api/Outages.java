package io.retailpulse.common.api;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure of a dependency (database down, frozen or overloaded; a call that timed out) from a bug, so
 * that it is answered 503 + {@code Retry-After} with a plain message instead of a 500. Classification walks the
 * cause chain: Hibernate Reactive, Mutiny and {@code CompletionException} wrap the client's exceptions.
 */
public final class Outages {
    /** Said to clients when the database cannot be reached; never an exception class name. */
    public static final String DATABASE =
            "The database is unavailable right now; send the request again in a " + "few seconds.";
    /** Said to clients when a dependency (database or message broker) did not answer in time. */
    public static final String TIMEOUT =
            "A service this request depends on did not answer in time; send the " + "request again in a few seconds.";

    /**
     * MySQL/MariaDB error codes that mean "not now" rather than "never": too many connections, server shutting
     * down, lock wait timeout, deadlock, query interrupted, connection killed, client-side "cannot connect",
     * "server has gone away" and "lost connection during query".
     */
    private static final Set<Integer> TRANSIENT_SQL_ERRORS =
            Set.of(1040, 1053, 1205, 1213, 1317, 1927, 2002, 2003, 2006, 2013);

    private static final int MAX_DEPTH = 16;

    private Outages() {}

    /** The plain detail to answer with if {@code failure} is an outage, or empty if it is not one. */
    public static Optional<String> detail(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            // Vert.x's NoStackTraceTimeoutException is the pool's "no connection within connection-timeout" (when
            // quarkus.datasource.reactive.mysql.connection-timeout is set).
            if (t instanceof DatabaseUnavailableException
                    || t instanceof ClosedConnectionException
                    || t instanceof SocketException
                    || t instanceof ClosedChannelException
                    || t instanceof io.vertx.core.impl.NoStackTraceTimeoutException) {
                return Optional.of(DATABASE);
            }
            if (t instanceof DatabaseException db) {
                return TRANSIENT_SQL_ERRORS.contains(db.getErrorCode()) ? Optional.of(DATABASE) : Optional.empty();
            }
            if (t instanceof TimeoutException || t instanceof io.smallrye.mutiny.TimeoutException) {
                return Optional.of(TIMEOUT);
            }
            // The SQL client reports some lost connections only in words: a VertxException "Connection is
            // closed", or a NoStackTraceThrowable "Connection is not active now, current status: CLOSED" (a
            // transaction on a connection that closed under it).
            if (t.getClass().getName().startsWith("io.vertx.") && lostConnection(t.getMessage())) {
                return Optional.of(DATABASE);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    private static boolean lostConnection(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("connection") && (m.contains("closed") || m.contains("not active") || m.contains("reset"));
    }
}
