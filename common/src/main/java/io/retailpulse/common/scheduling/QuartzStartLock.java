package io.retailpulse.common.scheduling;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;
import io.retailpulse.common.db.NamedLocks;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Serialises clustered Quartz's start-up across replicas. Quarkus' Quartz scheduler stores each {@code @Scheduled}
 * job at start with "look up the trigger, then store job and trigger"; two replicas starting together both find
 * nothing and the second fails to start with {@code ObjectAlreadyExistsException} (quarkusio/quarkus#25873, seen in
 * TwoReplicasIT). This holds a MySQL named lock from before the scheduler's start observer (priority 0) until
 * after it, so the second replica finds the first one's trigger and only reschedules it. A lock not granted within
 * {@link #WAIT_SECONDS} is logged and start-up goes on (no worse than without the lock).
 */
@ApplicationScoped
@IfBuildProperty(name = "quarkus.quartz.clustered", stringValue = "true")
public class QuartzStartLock {
    private static final Logger LOG = Logger.getLogger(QuartzStartLock.class);
    static final String LOCK = "pulse-quartz-start";
    static final int WAIT_SECONDS = 60;

    private final DataSource dataSource;
    private Connection held;

    public QuartzStartLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void acquire(@Observes @Priority(-1000) StartupEvent event) {
        try {
            Connection connection = dataSource.getConnection();
            if (NamedLocks.acquire(connection, LOCK, WAIT_SECONDS)) {
                held = connection;
                return;
            }
            connection.close();
            LOG.warnf("lock %s not granted within %d s: starting the scheduler without it", LOCK, WAIT_SECONDS);
        } catch (SQLException e) {
            LOG.warnf("lock %s unavailable (%s): starting the scheduler without it", LOCK, e.getMessage());
        }
    }

    void release(@Observes @Priority(1000) StartupEvent event) {
        Connection connection = held;
        held = null;
        if (connection == null) {
            return;
        }
        try (connection) {
            NamedLocks.release(connection, LOCK);
        } catch (SQLException e) {
            // closing the connection ends the session, which releases the lock anyway
            LOG.debugf("releasing %s: %s", LOCK, e.getMessage());
        }
    }
}
