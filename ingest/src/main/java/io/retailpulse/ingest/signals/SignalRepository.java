package io.retailpulse.ingest.signals;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code signal_daily}: one value per name and day. A write replaces the stored value only if it is not older
 * ({@code version} = when the value was accepted), so the API's direct write and the replay of the same value
 * from signals.series, in whatever order they land, leave the latest value.
 */
@ApplicationScoped
public class SignalRepository {
    // MySQL evaluates the assignments left to right: value and source compare with the old version first.
    static final String UPSERT = "INSERT INTO signal_daily (name, ds, value, source, version) VALUES (?, ?, ?, ?, ?) "
            + "ON DUPLICATE KEY UPDATE value = IF(VALUES(version) >= version, VALUES(value), value), "
            + "source = IF(VALUES(version) >= version, VALUES(source), source), "
            + "version = GREATEST(version, VALUES(version))";

    private final Pool pool;

    public SignalRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> upsert(List<SignalEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(UPSERT)
                .executeBatch(events.stream()
                        .map(e -> Tuple.from(new Object[] {
                            e.name(),
                            e.ds(),
                            e.value(),
                            e.source(),
                            LocalDateTime.ofInstant(e.ingestedAt(), ZoneOffset.UTC)
                        }))
                        .toList())
                .replaceWithVoid();
    }
}
