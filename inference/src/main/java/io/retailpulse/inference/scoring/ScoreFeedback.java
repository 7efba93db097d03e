package io.retailpulse.inference.scoring;

import io.retailpulse.common.events.EntityMention;
import io.retailpulse.common.events.FeedbackEvent;
import io.retailpulse.common.events.ScoredTextEvent;
import io.retailpulse.inference.catalog.Gazetteer;
import io.retailpulse.inference.config.NlpConfig;
import io.retailpulse.inference.shared.BatchInsert;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * The scoring use case: feedback → sentiment and entities → {@code text_sentiment} + {@code entity_mention} →
 * {@code text.scored}. Scored on the inference worker through the {@link ScoringBatcher}, written once per event id, then published. An event already
 * stored (a redelivery) is published as stored, not scored again. A text the model fails on and a row MySQL refuses
 * for its data are handed to {@code refuse} (event id, reason) and the rest goes on; any other failure fails the Uni,
 * which its caller retries whole (every step is idempotent per event id).
 */
@ApplicationScoped
public class ScoreFeedback {
    private static final Logger LOG = Logger.getLogger(ScoreFeedback.class);

    private final ScoringBatcher batcher;
    private final SentimentRepository repository;
    private final ScoredPublisher publisher;
    private final NlpConfig.Scoring config;

    public ScoreFeedback(
            ScoringBatcher batcher, SentimentRepository repository, ScoredPublisher publisher, NlpConfig config) {
        this.batcher = batcher;
        this.repository = repository;
        this.publisher = publisher;
        this.config = config.scoring();
    }

    /** Scores, stores and publishes {@code events} (one per event id). */
    public Uni<Void> score(List<FeedbackEvent> events, BiFunction<String, String, Uni<Void>> refuse) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = events.stream().map(FeedbackEvent::eventId).toList();
        return repository
                .find(ids)
                .chain(stored -> {
                    List<FeedbackEvent> fresh = events.stream()
                            .filter(e -> !stored.containsKey(e.eventId()))
                            .toList();
                    return score(fresh)
                            .chain(result -> store(result.scored()).chain(refused -> {
                                Map<String, String> failed = new LinkedHashMap<>(result.failed());
                                failed.putAll(refused);
                                return Uni.join()
                                        .all(failed.entrySet().stream()
                                                .map(f -> refuse.apply(f.getKey(), f.getValue()))
                                                .toList())
                                        .andFailFast()
                                        .replaceWithVoid()
                                        .chain(() -> {
                                            Map<String, ScoredTextEvent> byId = new LinkedHashMap<>();
                                            result.scored().stream()
                                                    .filter(s -> !refused.containsKey(s.eventId()))
                                                    .forEach(s -> byId.put(s.eventId(), s));
                                            List<ScoredTextEvent> out = new ArrayList<>();
                                            for (FeedbackEvent e : events) {
                                                ScoredTextEvent s = stored.containsKey(e.eventId())
                                                        ? withSource(stored.get(e.eventId()), e)
                                                        : byId.get(e.eventId());
                                                if (s != null) {
                                                    out.add(s);
                                                }
                                            }
                                            return publisher.publish(out);
                                        });
                            }));
                })
                .onFailure()
                .invoke(e -> LOG.warn("Scoring batch failed, retrying", e));
    }

    /** Writes the scored events; the rows MySQL refuses for their data come back as event id → reason. */
    Uni<Map<String, String>> store(List<ScoredTextEvent> scored) {
        return BatchInsert.refusedRows(scored, repository::insertAll, ScoredTextEvent::eventId);
    }

    /** Scored events, and the event ids the model failed on with the reason. */
    record Result(List<ScoredTextEvent> scored, Map<String, String> failed) {}

    /**
     * Scores the events through the {@link ScoringBatcher} (merged with concurrent REST requests and other polls);
     * if the model fails on them, text by text, so one bad text does not stop the stream.
     */
    Uni<Result> score(List<FeedbackEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(new Result(List.of(), Map.of()));
        }
        Instant now = Instant.now();
        return batcher.score(events.stream().map(FeedbackEvent::text).toList())
                .map(scored -> {
                    List<ScoredTextEvent> out = new ArrayList<>();
                    for (int i = 0; i < events.size(); i++) {
                        out.add(event(events.get(i), scored.get(i), now));
                    }
                    return new Result(out, Map.<String, String>of());
                })
                .onFailure()
                .recoverWithUni(batchFailed -> {
                    if (events.size() == 1) {
                        return Uni.createFrom()
                                .item(new Result(
                                        List.of(), Map.of(events.get(0).eventId(), "scoring failed: " + batchFailed)));
                    }
                    LOG.warnf("scoring a batch of %d failed (%s), scoring text by text", events.size(), batchFailed);
                    return Multi.createFrom()
                            .iterable(events)
                            .onItem()
                            .transformToUniAndConcatenate(e -> score(List.of(e)))
                            .collect()
                            .asList()
                            .map(ones -> {
                                List<ScoredTextEvent> out = new ArrayList<>();
                                Map<String, String> failed = new LinkedHashMap<>();
                                ones.forEach(one -> {
                                    out.addAll(one.scored());
                                    failed.putAll(one.failed());
                                });
                                return new Result(out, failed);
                            });
                });
    }

    ScoredTextEvent event(FeedbackEvent e, Scorer.Scored s, Instant scoredAt) {
        Instant ts = e.ts() != null ? e.ts() : e.ingestedAt() != null ? e.ingestedAt() : scoredAt;
        return new ScoredTextEvent(
                e.eventId(),
                ts,
                e.source() == null || e.source().isBlank() ? "unknown" : e.source(),
                e.userId(),
                e.text(),
                s.label(),
                SentimentLabels.round(s.score()),
                SentimentLabels.scores(s.probabilities()),
                s.model(),
                s.version(),
                scoredAt,
                s.entities(),
                reference(e.metadata(), config.productKeys(), s.entities(), Gazetteer.PRODUCT),
                reference(e.metadata(), config.storeKeys(), s.entities(), Gazetteer.STORE),
                e.tags(),
                e.metadata());
    }

    /** The id the source named in its metadata (first key present), else the first entity of that type, else null. */
    static String reference(
            Map<String, String> metadata, List<String> keys, List<EntityMention> entities, String type) {
        if (metadata != null) {
            for (String key : keys) {
                String v = metadata.get(key);
                if (v != null && !v.isBlank()) {
                    return v.length() > 128 ? v.substring(0, 128) : v;
                }
            }
        }
        return entities.stream()
                .filter(m -> type.equals(m.type()))
                .map(EntityMention::key)
                .findFirst()
                .orElse(null);
    }

    private static ScoredTextEvent withSource(ScoredTextEvent s, FeedbackEvent e) {
        return new ScoredTextEvent(
                s.eventId(),
                s.ts(),
                s.source(),
                s.userId(),
                s.text(),
                s.label(),
                s.score(),
                s.scores(),
                s.model(),
                s.modelVersion(),
                s.scoredAt(),
                s.entities(),
                s.productId(),
                s.storeId(),
                e.tags(),
                e.metadata());
    }
}
