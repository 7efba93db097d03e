package io.retailpulse.common.migration;

import io.retailpulse.common.db.NamedLocks;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.jboss.logging.Logger;

/**
 * Serialises one history table's Flyway migration across replicas that start together on a fresh database.
 * The services share one schema, so a service baselines its own history table when the schema is not empty
 * ({@code baseline-on-migrate}); Flyway decides that before it takes its own migration lock. A second replica that
 * looks while the first is migrating finds the schema non-empty and no history table yet, then fails to baseline
 * the table the first has just created ("Unable to baseline schema history table … as it already exists, and is
 * empty"), seen in RunsScaleOutIT. This callback holds a MySQL named lock from the first event of a migrate
 * (validation, before the history table is looked at) until the migrate ends, so the second replica finds the first
 * one's finished history and has nothing to do.
 *
 * <p>The lock is taken on Flyway's own connection, not one more: ingest's pool has two connections and Flyway uses
 * both. It is released on the migrate's end or error events (the connection then goes back to the pool without
 * it), and in any case when the session ends. A lock not granted in time is logged and the migration goes on
 * without it (no worse than before).
 */
public final class MigrationLock implements Callback {
    private static final Logger LOG = Logger.getLogger(MigrationLock.class);
    private static final Set<Event> START = Set.of(Event.BEFORE_VALIDATE, Event.BEFORE_BASELINE, Event.BEFORE_MIGRATE);
    private static final Set<Event> END = Set.of(
            Event.AFTER_MIGRATE,
            Event.AFTER_MIGRATE_ERROR,
            Event.AFTER_VALIDATE_ERROR,
            Event.AFTER_BASELINE_ERROR,
            Event.AFTER_MIGRATE_OPERATION_FINISH);

    private final int waitSeconds;
    private Connection held;
    private String heldName;
    private boolean tried;

    public MigrationLock(int waitSeconds) {
        this.waitSeconds = waitSeconds;
    }

    /**
     * The named lock of one history table in one database (named locks are server-wide): replicas of one service
     * share it, other services and other databases on the server do not wait.
     */
    static String lockName(String database, String historyTable) {
        // MySQL named locks are at most 64 characters; a cut name can only make two migrations wait for each other
        String name = "pulse-flyway:" + database + "." + historyTable;
        return name.length() <= 64 ? name : name.substring(0, 64);
    }

    @Override
    public boolean supports(Event event, Context context) {
        return START.contains(event) || END.contains(event);
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public synchronized void handle(Event event, Context context) {
        if (START.contains(event)) {
            if (!tried) {
                tried = true;
                acquire(context.getConnection(), context.getConfiguration().getTable());
            }
        } else {
            release();
            tried = false;
        }
    }

    @Override
    public String getCallbackName() {
        return "pulse-migration-lock";
    }

    /** Whether this replica holds the lock now (for tests). */
    public synchronized boolean held() {
        return held != null;
    }

    private void acquire(Connection connection, String historyTable) {
        String name = "pulse-flyway:" + historyTable;
        try {
            name = lockName(connection.getCatalog(), historyTable);
            long asked = System.nanoTime();
            if (NamedLocks.acquire(connection, name, waitSeconds)) {
                held = connection;
                heldName = name;
                long waitedMs = (System.nanoTime() - asked) / 1_000_000;
                if (waitedMs >= 500) {
                    LOG.infof("waited %d ms for another replica's migration (lock %s)", waitedMs, name);
                } else {
                    LOG.debugf("holding %s", name);
                }
                return;
            }
            LOG.warnf("lock %s not granted within %d s: migrating without it", name, waitSeconds);
        } catch (SQLException e) {
            LOG.warnf("lock %s unavailable (%s): migrating without it", name, e.getMessage());
        }
    }

    private void release() {
        Connection connection = held;
        held = null;
        if (connection == null) {
            return;
        }
        try {
            NamedLocks.release(connection, heldName);
        } catch (SQLException e) {
            // the session ending (this process stopping) releases the lock anyway
            LOG.warnf("releasing %s: %s", heldName, e.getMessage());
        }
    }
}
