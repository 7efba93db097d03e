package io.retailpulse.ingest.exactlyonce;

import io.retailpulse.common.values.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link TransactionLedger} in MySQL/MariaDB: one multi-row INSERT IGNORE per chunk of a window. */
@ApplicationScoped
public class MySqlTransactionLedger implements TransactionLedger {
    /** Rows per INSERT: 2 parameters each, below the 65,535 placeholder limit. */
    private static final int CHUNK = 10_000;

    private final Pool pool;

    public MySqlTransactionLedger(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<Claim> claim(Kind kind, String windowId, String producerId, Collection<String> ids) {
        List<String> all = List.copyOf(ids);
        Uni<Void> window = pool.preparedQuery(
                        "INSERT INTO ingest_window (window_id, producer_id, created_at) VALUES (?, ?, ?)")
                .execute(Tuple.of(windowId, producerId, UtcTimes.now()))
                .replaceWithVoid();
        return window.chain(() -> insertChunks(kind, windowId, all, 0, 0)).chain(inserted -> {
            if (inserted == all.size()) {
                return Uni.createFrom().item(new Claim(new HashSet<>(all), Map.of()));
            }
            // Some ids were there before: ours, and those whose window is still open (in flight or crashed).
            return pool.preparedQuery("SELECT t." + kind.column + ", t.window_id = ?, t.window_id"
                            + " FROM " + kind.table + " t LEFT JOIN ingest_window w ON w.window_id = t.window_id"
                            + " WHERE t.window_id = ? OR w.window_id IS NOT NULL")
                    .execute(Tuple.of(windowId, windowId))
                    .map(rows -> {
                        Set<String> wanted = new HashSet<>(all);
                        Set<String> owned = new HashSet<>();
                        Map<String, String> open = new HashMap<>();
                        for (Row row : rows) {
                            String id = row.getString(0);
                            if (row.getInteger(1) == 1) {
                                owned.add(id);
                            } else if (wanted.contains(id)) {
                                open.put(id, row.getString(2));
                            }
                        }
                        return new Claim(owned, open);
                    });
        });
    }

    private Uni<Integer> insertChunks(Kind kind, String windowId, List<String> ids, int from, int insertedSoFar) {
        if (from >= ids.size()) {
            return Uni.createFrom().item(insertedSoFar);
        }
        int to = Math.min(ids.size(), from + CHUNK);
        StringBuilder sql = new StringBuilder(40 + (to - from) * 6)
                .append("INSERT IGNORE INTO ")
                .append(kind.table)
                .append(" (")
                .append(kind.column)
                .append(", window_id) VALUES ");
        List<Object> params = new ArrayList<>((to - from) * 2);
        for (int i = from; i < to; i++) {
            sql.append(i == from ? "(?,?)" : ",(?,?)");
            params.add(ids.get(i));
            params.add(windowId);
        }
        return pool.preparedQuery(sql.toString())
                .execute(Tuple.from(params))
                .chain(result -> insertChunks(kind, windowId, ids, to, insertedSoFar + result.rowCount()));
    }

    @Override
    public Uni<Void> confirm(String windowId) {
        return pool.preparedQuery("DELETE FROM ingest_window WHERE window_id = ?")
                .execute(Tuple.of(windowId))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> release(String windowId) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("DELETE FROM ingest_transaction_id WHERE window_id = ?")
                .execute(Tuple.of(windowId))
                .chain(() -> connection
                        .preparedQuery("DELETE FROM ingest_feedback_id WHERE window_id = ?")
                        .execute(Tuple.of(windowId)))
                .chain(() -> connection
                        .preparedQuery("DELETE FROM ingest_window WHERE window_id = ?")
                        .execute(Tuple.of(windowId)))
                .replaceWithVoid());
    }

    @Override
    public Uni<List<PendingWindow>> pending(String producerId) {
        return pool.preparedQuery("SELECT window_id, created_at FROM ingest_window WHERE producer_id = ?")
                .execute(Tuple.of(producerId))
                .map(rows -> {
                    List<PendingWindow> pending = new ArrayList<>();
                    for (Row row : rows) {
                        pending.add(new PendingWindow(row.getString(0), UtcTimes.instant(row.getLocalDateTime(1))));
                    }
                    return pending;
                });
    }
}
