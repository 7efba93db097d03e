package io.retailpulse.common.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * MySQL / MariaDB named locks ({@code GET_LOCK}): server-wide, held by a session until released or the session
 * ends, which is what start-up races between replicas need (nothing else of the database is locked).
 */
public final class NamedLocks {
    private NamedLocks() {}

    /** Waits up to {@code waitSeconds} for the lock on this connection's session; false if not granted in time. */
    public static boolean acquire(Connection connection, String name, int waitSeconds) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            lock.setString(1, name);
            lock.setInt(2, waitSeconds);
            try (ResultSet granted = lock.executeQuery()) {
                return granted.next() && granted.getInt(1) == 1;
            }
        }
    }

    /** Releases the lock this connection's session holds (a pooled connection would otherwise keep it). */
    public static void release(Connection connection, String name) throws SQLException {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            unlock.setString(1, name);
            unlock.execute();
        }
    }
}
