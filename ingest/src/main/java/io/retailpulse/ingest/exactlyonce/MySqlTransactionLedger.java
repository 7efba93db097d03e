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
    /** Times an id released by another window while this one claimed is inserted again before it is in doubt. */
    private static final int RECLAIM_ROUNDS = 3;
    /** The owner given to such an id in doubt: no window of this or any upload has that id. */
    static final String RELEASED_WHILE_CLAIMING = "released-while-claiming";

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
            // Some ids were there before: ours, those whose window is still open (in flight or crashed), and those
            // of a confirmed window (its window row is gone): handed on before.
            return classify(kind, windowId, all, 0);
        });
    }

    /**
     * Which of {@code wanted} this window holds, which another open window holds, and (by omission) which a
     * confirmed window handed on before. An id found nowhere was released by its window between this window's
     * INSERT IGNORE and this look-up (a late claim's release, recovery): it is inserted again, and after a few
     * rounds left in doubt (the client sends it again). Counting it as handed on lost the row: a user check saw a
     * sale answered "duplicates":1 that never reached the topic.
     */
    private Uni<Claim> classify(Kind kind, String windowId, List<String> wanted, int round) {
        return lookUp(kind, wanted, 0, new HashMap<>()).chain(found -> {
            Set<String> owned = new HashSet<>();
            Map<String, String> open = new HashMap<>();
            List<String> absent = new ArrayList<>();
            for (String id : wanted) {
                Holder holder = found.get(id);
                if (holder == null) {
                    absent.add(id);
                } else if (holder.windowId().equals(windowId)) {
                    owned.add(id);
                } else if (holder.windowOpen()) {
                    open.put(id, holder.windowId());
                }
            }
            if (absent.isEmpty()) {
                return Uni.createFrom().item(new Claim(owned, open));
            }
            if (round >= RECLAIM_ROUNDS) {
                absent.forEach(id -> open.put(id, RELEASED_WHILE_CLAIMING));
                return Uni.createFrom().item(new Claim(owned, open));
            }
            return insertChunks(kind, windowId, absent, 0, 0).chain(() -> classify(kind, windowId, wanted, round + 1));
        });
    }

    private record Holder(String windowId, boolean windowOpen) {}

    private Uni<Map<String, Holder>> lookUp(Kind kind, List<String> ids, int from, Map<String, Holder> found) {
        if (from >= ids.size()) {
            return Uni.createFrom().item(found);
        }
        int to = Math.min(ids.size(), from + CHUNK);
        StringBuilder sql = new StringBuilder("SELECT t.")
                .append(kind.column)
                .append(", t.window_id, w.window_id IS NOT NULL FROM ")
                .append(kind.table)
                .append(" t LEFT JOIN ingest_window w ON w.window_id = t.window_id WHERE t.")
                .append(kind.column)
                .append(" IN (");
        for (int i = from; i < to; i++) {
            sql.append(i == from ? "?" : ",?");
        }
        sql.append(')');
        return pool.preparedQuery(sql.toString())
                .execute(Tuple.from(new ArrayList<Object>(ids.subList(from, to))))
                .chain(rows -> {
                    for (Row row : rows) {
                        found.put(row.getString(0), new Holder(row.getString(1), row.getInteger(2) == 1));
                    }
                    return lookUp(kind, ids, to, found);
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
