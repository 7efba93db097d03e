package io.retailpulse.inference.scoring;

import static io.retailpulse.common.values.UtcTimes.utc;

import io.retailpulse.common.events.EntityMention;
import io.retailpulse.common.events.ScoredTextEvent;
import io.retailpulse.common.values.UtcTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code text_sentiment} and {@code entity_mention} (V2): one scored feedback and its entities, written together in
 * one transaction and at most once per event id ({@code ON DUPLICATE KEY UPDATE} that changes nothing), so a
 * redelivered event adds no row. Not {@code INSERT IGNORE}: that would also turn a value too long for its column
 * into a silently cut one; this way MySQL refuses it and the consumer dead-letters the record.
 */
@ApplicationScoped
public class SentimentRepository {
    private static final int MAX_ENTITY_TEXT = 255;

    private final Pool pool;

    public SentimentRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insertAll(List<ScoredTextEvent> scored) {
        if (scored.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> texts = new ArrayList<>();
        List<Tuple> mentions = new ArrayList<>();
        for (ScoredTextEvent s : scored) {
            LocalDate day = s.ts().atZone(ZoneOffset.UTC).toLocalDate();
            double pNeg = s.scores().get("negative");
            double pPos = s.scores().get("positive");
            texts.add(Tuple.tuple(Arrays.asList(
                    s.eventId(),
                    utc(s.ts()),
                    day,
                    s.source(),
                    s.userId(),
                    s.productId(),
                    s.storeId(),
                    s.text(),
                    s.label(),
                    s.score(),
                    pNeg,
                    s.scores().get("neutral"),
                    pPos,
                    pPos - pNeg,
                    s.model(),
                    s.modelVersion(),
                    utc(s.scoredAt()))));
            for (int i = 0; i < s.entities().size(); i++) {
                EntityMention e = s.entities().get(i);
                mentions.add(Tuple.tuple(Arrays.asList(
                        s.eventId(), i, day, e.type(), cut(e.key()), cut(e.text()), e.start(), e.end(), e.score())));
            }
        }
        return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO text_sentiment (event_id, ts, day, "
                        + "source, user_id, product_id, store_id, text, label, score, p_negative, p_neutral, p_positive, "
                        + "sentiment, model, model_version, scored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + "?, ?, ?) ON DUPLICATE KEY UPDATE event_id = event_id")
                .executeBatch(texts)
                .chain(() -> mentions.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : conn.preparedQuery("INSERT INTO entity_mention (event_id, mention_no, day, entity_type, "
                                        + "entity_key, entity_text, start_pos, end_pos, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                        + "ON DUPLICATE KEY UPDATE event_id = event_id")
                                .executeBatch(mentions)
                                .replaceWithVoid()));
    }

    /**
     * The stored results of those events that are already scored, by event id (without tags and metadata, which
     * are not stored): a redelivered event is published as it was stored, not scored again.
     */
    public Uni<Map<String, ScoredTextEvent>> find(List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String marks = String.join(",", eventIds.stream().map(id -> "?").toList());
        Tuple ids = Tuple.tuple(new ArrayList<>(eventIds));
        return pool.preparedQuery("SELECT * FROM text_sentiment WHERE event_id IN (" + marks + ")")
                .execute(ids)
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Map.<String, ScoredTextEvent>of());
                    }
                    return pool.preparedQuery("SELECT * FROM entity_mention WHERE event_id IN (" + marks
                                    + ") ORDER BY event_id, mention_no")
                            .execute(ids)
                            .map(mentionRows -> {
                                Map<String, List<EntityMention>> entities = new HashMap<>();
                                for (Row m : mentionRows) {
                                    entities.computeIfAbsent(m.getString("event_id"), k -> new ArrayList<>())
                                            .add(new EntityMention(
                                                    m.getString("entity_text"),
                                                    m.getString("entity_type"),
                                                    m.getInteger("start_pos"),
                                                    m.getInteger("end_pos"),
                                                    m.getDouble("score"),
                                                    m.getString("entity_key")));
                                }
                                Map<String, ScoredTextEvent> out = new HashMap<>();
                                for (Row r : rows) {
                                    String id = r.getString("event_id");
                                    Map<String, Double> scores = new LinkedHashMap<>();
                                    scores.put("negative", r.getDouble("p_negative"));
                                    scores.put("neutral", r.getDouble("p_neutral"));
                                    scores.put("positive", r.getDouble("p_positive"));
                                    out.put(
                                            id,
                                            new ScoredTextEvent(
                                                    id,
                                                    UtcTimes.instant(r.getLocalDateTime("ts")),
                                                    r.getString("source"),
                                                    r.getString("user_id"),
                                                    r.getString("text"),
                                                    r.getString("label"),
                                                    r.getDouble("score"),
                                                    scores,
                                                    r.getString("model"),
                                                    r.getString("model_version"),
                                                    UtcTimes.instant(r.getLocalDateTime("scored_at")),
                                                    entities.getOrDefault(id, List.of()),
                                                    r.getString("product_id"),
                                                    r.getString("store_id"),
                                                    null,
                                                    null));
                                }
                                return out;
                            });
                });
    }

    /** Label and confidence of scored feedback for drift: the first {@code limit} a model version scored. */
    public Uni<List<Prediction>> first(String model, String version, int limit) {
        return pool.preparedQuery("SELECT label, score FROM text_sentiment WHERE model = ? AND model_version = ? "
                        + "ORDER BY scored_at, event_id LIMIT ?")
                .execute(Tuple.of(model, version, limit))
                .map(SentimentRepository::predictions);
    }

    /** The latest {@code limit} scored feedback of a model (any version). */
    public Uni<List<Prediction>> latest(String model, int limit) {
        return pool.preparedQuery("SELECT label, score FROM text_sentiment WHERE model = ? "
                        + "ORDER BY scored_at DESC, event_id LIMIT ?")
                .execute(Tuple.of(model, limit))
                .map(SentimentRepository::predictions);
    }

    /** A label and the probability it was given. */
    public record Prediction(String label, double confidence) {}

    private static List<Prediction> predictions(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<Prediction> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Prediction(r.getString("label"), r.getDouble("score")));
        }
        return out;
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_ENTITY_TEXT ? s : s.substring(0, MAX_ENTITY_TEXT);
    }
}
