package io.retailpulse.forecasting.aggregation;

import io.vertx.mysqlclient.MySQLException;
import java.util.Set;

/**
 * Tells a statement MySQL refused for what is in it (too long, out of range, bad value: retrying cannot help,
 * the record must be set aside) from a failure of the database itself (connection lost, server gone or frozen,
 * deadlock: retrying will succeed once it is back).
 */
public final class DbErrors {
    /**
     * Server errors that say nothing about the data: lock wait timeout, deadlock, too many connections, shutdown
     * in progress, server gone away, lost connection, connection killed, read-only (a fail-over), query interrupted.
     */
    private static final Set<Integer> TRANSIENT_CODES =
            Set.of(1205, 1213, 1040, 1053, 2006, 2013, 1927, 1290, 1317, 1158, 1159, 1160, 1161, 1969);

    private DbErrors() {}

    /** True when the server answered with an error about the statement's data, not about its own state. */
    public static boolean refusedData(Throwable failure) {
        return failure instanceof MySQLException e
                && !TRANSIENT_CODES.contains(e.getErrorCode())
                && !"40001".equals(e.getSqlState())
                && !"08S01".equals(e.getSqlState());
    }

    /** The server's reason, for a dead letter (no class names: it is read by people). */
    public static String reason(Throwable failure) {
        if (failure instanceof MySQLException e) {
            return "MySQL refused the record (error " + e.getErrorCode() + "): " + e.getMessage();
        }
        return String.valueOf(failure.getMessage());
    }
}
