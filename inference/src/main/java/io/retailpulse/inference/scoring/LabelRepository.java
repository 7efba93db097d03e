package io.retailpulse.inference.scoring;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code sentiment_label} (V4): texts labelled by people, the data of incremental retraining. */
@ApplicationScoped
public class LabelRepository {
    /** A labelled text; {@code usedIn}: the version that first trained or evaluated on it, or null. */
    public record Label(long id, String text, String label, String usedIn) {}

    /** What a client sends. */
    public record NewLabel(String text, String label, String labelledBy, String eventId) {}

    private final Pool pool;

    public LabelRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores the labels and answers their ids, in order. */
    public Uni<List<Long>> insertAll(List<NewLabel> labels) {
        return pool.withTransaction(conn -> {
            Uni<List<Long>> chain = Uni.createFrom().item(new ArrayList<>());
            for (NewLabel l : labels) {
                chain = chain.chain(ids -> conn.preparedQuery("INSERT INTO sentiment_label (text, label, labelled_by, "
                                + "event_id) VALUES (?, ?, ?, ?)")
                        .execute(Tuple.tuple(Arrays.asList(l.text(), l.label(), l.labelledBy(), l.eventId())))
                        .map(rows -> {
                            ids.add(rows.property(io.vertx.mutiny.mysqlclient.MySQLClient.LAST_INSERTED_ID));
                            return ids;
                        }));
            }
            return chain;
        });
    }

    /** The newest {@code limit} labels, oldest first. */
    public Uni<List<Label>> latest(int limit) {
        return pool.preparedQuery(
                        "SELECT * FROM (SELECT id, text, label, used_in FROM sentiment_label ORDER BY id DESC "
                                + "LIMIT ?) t ORDER BY id")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<Label> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Label(
                                r.getLong("id"), r.getString("text"), r.getString("label"), r.getString("used_in")));
                    }
                    return out;
                });
    }

    /** Labels in all, and those no version has used yet. */
    public Uni<long[]> counts() {
        return pool.query("SELECT COUNT(*), COALESCE(SUM(used_in IS NULL), 0) FROM sentiment_label")
                .execute()
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new long[] {r.getLong(0), r.getNumeric(1).longValue()};
                });
    }

    public Uni<Void> markUsed(List<Long> ids, String version) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("UPDATE sentiment_label SET used_in = ? WHERE id = ? AND used_in IS NULL")
                .executeBatch(ids.stream().map(id -> Tuple.of(version, id)).toList())
                .replaceWithVoid();
    }
}
