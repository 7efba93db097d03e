package io.retailpulse.inference.shared;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A MySQL/MariaDB named lock ({@code GET_LOCK}) held on a connection of its own: one holder across every replica of
 * the service. The server releases it when the holder's connection ends, so a replica killed mid-work does not
 * leave it taken. Names are scoped to the current schema (the server's lock namespace is global).
 */
@ApplicationScoped
public class ClusterLock {
    private static final Logger LOG = Logger.getLogger(ClusterLock.class);

    /** A held lock; {@link #release()} gives it back and closes its connection. */
    public static final class Held {
        private final SqlConnection connection;
        private final String name;

        private Held(SqlConnection connection, String name) {
            this.connection = connection;
            this.name = name;
        }

        public Uni<Void> release() {
            return connection
                    .preparedQuery("SELECT RELEASE_LOCK(CONCAT(DATABASE(), '.', ?))")
                    .execute(Tuple.of(name))
                    .replaceWithVoid()
                    .onFailure()
                    .invoke(e -> LOG.warnf(e, "lock %s not released cleanly; closing its connection", name))
                    .onFailure()
                    .recoverWithNull()
                    .eventually(connection::close);
        }
    }

    private final Pool pool;

    public ClusterLock(Pool pool) {
        this.pool = pool;
    }

    /** The lock, or empty at once when another session (this or another replica) holds it. */
    public Uni<Optional<Held>> tryAcquire(String name) {
        return pool.getConnection()
                .chain(conn -> conn.preparedQuery("SELECT GET_LOCK(CONCAT(DATABASE(), '.', ?), 0) AS got")
                        .execute(Tuple.of(name))
                        .map(rows -> {
                            Long got = rows.iterator().next().getLong("got");
                            return got != null && got == 1L;
                        })
                        .onFailure()
                        .call(conn::close)
                        .chain(got -> got
                                ? Uni.createFrom().item(Optional.of(new Held(conn, name)))
                                : conn.close().replaceWith(Optional.<Held>empty())));
    }
}
