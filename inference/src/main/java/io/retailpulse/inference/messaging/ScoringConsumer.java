package io.retailpulse.inference.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.events.EntityMention;
import io.retailpulse.common.events.FeedbackEvent;
import io.retailpulse.common.events.ScoredTextEvent;
import io.retailpulse.inference.config.InferencePool;
import io.retailpulse.inference.config.NlpConfig;
import io.retailpulse.inference.domain.Gazetteer;
import io.retailpulse.inference.domain.Scorer;
import io.retailpulse.inference.domain.SentimentLabels;
import io.retailpulse.inference.domain.TextLimits;
import io.retailpulse.inference.persistence.SentimentRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code feedback.raw} → sentiment and entities → {@code text_sentiment} + {@code entity_mention} → {@code text.scored}.
 * Micro-batches (one poll), scored on the inference worker, written once per event id, then published; the
 * offsets are committed only after both. A redelivered event that is already stored is published as stored, not
 * scored again. Poison records (unreadable JSON, no event id or text, text too long, a text the model fails on)
 * go to {@code feedback.raw.dlq} with the reason and the stream continues.
 */
@ApplicationScoped
public class ScoringConsumer {
    private static final Logger LOG = Logger.getLogger(ScoringConsumer.class);
    private static final int MAX_EVENT_ID = 64;

    private final ObjectMapper json;
    private final Scorer scorer;
    private final InferencePool pool;
    private final SentimentRepository repository;
    private final ScoredPublisher publisher;
    private final DeadLetters deadLetters;
    private final TextLimits limits;
    private final NlpConfig.Scoring config;
    private final CatalogConsumer catalog;

    public ScoringConsumer(ObjectMapper json, Scorer scorer, InferencePool pool, SentimentRepository repository,
            ScoredPublisher publisher, DeadLetters deadLetters, TextLimits limits, NlpConfig config,
            CatalogConsumer catalog) {
        this.catalog = catalog;
        this.json = json;
        this.scorer = scorer;
        this.pool = pool;
        this.repository = repository;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.limits = limits;
        this.config = config.scoring();
    }

    /** A readable feedback with the record it came in (for a dead letter if the model fails on it). */
    record Input(FeedbackEvent event, ConsumerRecord<String, String> record) {
    }

    @Incoming("feedback-scoring")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        Map<String, Input> inputs = new LinkedHashMap<>();
        List<Uni<Void>> dead = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            String reason;
            FeedbackEvent e = null;
            try {
                e = json.readValue(r.value(), FeedbackEvent.class);
                reason = e == null ? "empty record" : problem(e);
            } catch (Exception bad) {
                reason = "unreadable FeedbackEvent JSON: " + bad.getMessage();
            }
            if (reason != null) {
                dead.add(deadLetters.send(r, reason));
            } else {
                inputs.putIfAbsent(e.eventId(), new Input(e, r)); // a duplicate within the poll is the same event
            }
        }
        // the first batches after a start wait for the catalog, so products named in them are recognised
        return Uni.createFrom().completionStage(catalog.loaded())
                .chain(() -> Uni.join().all(dead).andCollectFailures().onItem().ignore().andContinueWithNull())
                .chain(() -> handle(List.copyOf(inputs.values())));
    }

    private String problem(FeedbackEvent e) {
        if (e.eventId() == null || e.eventId().isBlank()) {
            return "eventId is missing";
        }
        if (e.eventId().length() > MAX_EVENT_ID) {
            return "eventId has " + e.eventId().length() + " characters, at most " + MAX_EVENT_ID;
        }
        return limits.check("text", e.text());
    }

    Uni<Void> handle(List<Input> inputs) {
        if (inputs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = inputs.stream().map(i -> i.event().eventId()).toList();
        return repository.find(ids).chain(stored -> {
                    List<Input> fresh = inputs.stream().filter(i -> !stored.containsKey(i.event().eventId())).toList();
                    return Uni.createFrom().item(() -> score(fresh)).runSubscriptionOn(pool.executor())
                            .chain(result -> repository.insertAll(result.scored())
                                    .chain(() -> Uni.join().all(result.failed().entrySet().stream()
                                            .map(f -> deadLetters.send(f.getKey().record(), f.getValue())).toList())
                                            .andFailFast().replaceWithVoid())
                                    .chain(() -> {
                                        Map<String, ScoredTextEvent> byId = new LinkedHashMap<>();
                                        result.scored().forEach(s -> byId.put(s.eventId(), s));
                                        List<ScoredTextEvent> out = new ArrayList<>();
                                        for (Input i : inputs) {
                                            ScoredTextEvent s = stored.containsKey(i.event().eventId())
                                                    ? withSource(stored.get(i.event().eventId()), i.event())
                                                    : byId.get(i.event().eventId());
                                            if (s != null) {
                                                out.add(s);
                                            }
                                        }
                                        return publisher.publish(out);
                                    }));
                })
                .onFailure().invoke(e -> LOG.warn("Scoring batch failed, retrying", e))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).atMost(config.retries());
    }

    record Result(List<ScoredTextEvent> scored, Map<Input, String> failed) {
    }

    /** Scores the batch; if the model fails on it, text by text, so one bad text does not stop the stream. */
    Result score(List<Input> inputs) {
        if (inputs.isEmpty()) {
            return new Result(List.of(), Map.of());
        }
        Instant now = Instant.now();
        try {
            List<Scorer.Scored> scored = scorer.score(inputs.stream().map(i -> i.event().text()).toList());
            List<ScoredTextEvent> out = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                out.add(event(inputs.get(i).event(), scored.get(i), now));
            }
            return new Result(out, Map.of());
        } catch (RuntimeException batchFailed) {
            if (inputs.size() == 1) {
                return new Result(List.of(), Map.of(inputs.get(0), "scoring failed: " + batchFailed));
            }
            LOG.warnf("scoring a batch of %d failed (%s), scoring text by text", inputs.size(), batchFailed);
            List<ScoredTextEvent> out = new ArrayList<>();
            Map<Input, String> failed = new LinkedHashMap<>();
            for (Input i : inputs) {
                Result one = score(List.of(i));
                out.addAll(one.scored());
                failed.putAll(one.failed());
            }
            return new Result(out, failed);
        }
    }

    ScoredTextEvent event(FeedbackEvent e, Scorer.Scored s, Instant scoredAt) {
        Instant ts = e.ts() != null ? e.ts() : e.ingestedAt() != null ? e.ingestedAt() : scoredAt;
        return new ScoredTextEvent(e.eventId(), ts, e.source() == null || e.source().isBlank() ? "unknown" : e.source(),
                e.userId(), e.text(), s.label(), SentimentLabels.round(s.score()),
                SentimentLabels.scores(s.probabilities()), s.model(), s.version(), scoredAt, s.entities(),
                reference(e.metadata(), config.productKeys(), s.entities(), Gazetteer.PRODUCT),
                reference(e.metadata(), config.storeKeys(), s.entities(), Gazetteer.STORE), e.tags(), e.metadata());
    }

    /** The id the source named in its metadata (first key present), else the first entity of that type, else null. */
    static String reference(Map<String, String> metadata, List<String> keys, List<EntityMention> entities, String type) {
        if (metadata != null) {
            for (String key : keys) {
                String v = metadata.get(key);
                if (v != null && !v.isBlank()) {
                    return v.length() > 128 ? v.substring(0, 128) : v;
                }
            }
        }
        return entities.stream().filter(m -> type.equals(m.type())).map(EntityMention::key).findFirst().orElse(null);
    }

    private static ScoredTextEvent withSource(ScoredTextEvent s, FeedbackEvent e) {
        return new ScoredTextEvent(s.eventId(), s.ts(), s.source(), s.userId(), s.text(), s.label(), s.score(),
                s.scores(), s.model(), s.modelVersion(), s.scoredAt(), s.entities(), s.productId(), s.storeId(),
                e.tags(), e.metadata());
    }
}
