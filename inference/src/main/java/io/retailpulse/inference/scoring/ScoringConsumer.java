package io.retailpulse.inference.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.retailpulse.common.events.EntityMention;
import io.retailpulse.common.events.FeedbackEvent;
import io.retailpulse.common.events.RecordValues;
import io.retailpulse.common.events.ScoredTextEvent;
import io.retailpulse.inference.catalog.CatalogConsumer;
import io.retailpulse.inference.catalog.Gazetteer;
import io.retailpulse.inference.config.NlpConfig;
import io.retailpulse.inference.kafka.DeadLetters;
import io.retailpulse.inference.shared.DataErrors;
import io.retailpulse.inference.shared.InferencePool;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code feedback.raw} → sentiment and entities → {@code text_sentiment} + {@code entity_mention} → {@code text.scored}.
 * Micro-batches (one poll), scored on the inference worker, written once per event id, then published; the
 * offsets are committed only after both. A redelivered event that is already stored is published as stored, not
 * scored again. Poison records go to {@code feedback.raw.dlq} with the reason and the stream continues: a null
 * value, bytes that are not UTF-8, unreadable or trailing JSON, a wrong type, no event id or text, a field longer
 * than its column (checked up front), a text the model fails on, and a row MySQL refuses for its data (the batch
 * is then written row by row, so the rest of it is stored). Any other failure (MySQL or Kafka down) is retried
 * with back-off until it succeeds: nothing is dropped, and the channel waits instead of failing.
 */
@ApplicationScoped
public class ScoringConsumer {
    private static final Logger LOG = Logger.getLogger(ScoringConsumer.class);
    // column sizes of text_sentiment (V2__sentiment_and_entities.sql)
    private static final int MAX_EVENT_ID = 64;
    private static final int MAX_SOURCE = 64;
    private static final int MAX_USER_ID = 128;
    private static final int MAX_REFERENCE = 128;

    private final ObjectReader reader;
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
        this.reader = RecordValues.strictReader(json, FeedbackEvent.class);
        this.scorer = scorer;
        this.pool = pool;
        this.repository = repository;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.limits = limits;
        this.config = config.scoring();
    }

    /** A readable feedback with the record it came in (for a dead letter if the model fails on it). */
    record Input(FeedbackEvent event, ConsumerRecord<String, byte[]> record) {
    }

    @Incoming("feedback-scoring")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        Map<String, Input> inputs = new LinkedHashMap<>();
        List<Uni<Void>> dead = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            String reason;
            FeedbackEvent e = null;
            try {
                e = read(r.value());
                reason = e == null ? "empty record" : problem(e);
            } catch (IllegalArgumentException bad) {
                reason = bad.getMessage();
            } catch (RuntimeException bad) {
                // whatever else one record can make the reading throw must not fail the whole poll
                reason = "unreadable FeedbackEvent: " + bad;
            }
            if (reason != null) {
                dead.add(deadLetters.send(r, reason));
            } else {
                inputs.putIfAbsent(e.eventId(), new Input(e, r)); // a duplicate within the poll is the same event
            }
        }
        // the first batches after a start wait for the catalog, so products named in them are recognised
        return Uni.createFrom().completionStage(catalog.loaded())
                .chain(() -> Uni.join().all(dead).andFailFast().replaceWithVoid())
                .chain(() -> handle(List.copyOf(inputs.values())));
    }

    /** The event in a record's value; an {@link IllegalArgumentException} says why there is none. */
    FeedbackEvent read(byte[] value) {
        if (value != null && value.length > config.maxRecordBytes()) {
            throw new IllegalArgumentException("record value has " + value.length + " bytes, at most "
                    + config.maxRecordBytes());
        }
        String text = RecordValues.utf8(value);
        try {
            return reader.readValue(text);
        } catch (IOException bad) {
            throw new IllegalArgumentException("unreadable FeedbackEvent JSON: " + bad.getMessage(), bad);
        }
    }

    /** Why the event cannot be scored and stored, or null: required fields and every column it is written to. */
    String problem(FeedbackEvent e) {
        if (e.eventId() == null || e.eventId().isBlank()) {
            return "eventId is missing";
        }
        return RecordValues.first(
                RecordValues.varchar("eventId", e.eventId(), MAX_EVENT_ID),
                limits.check("text", e.text()),
                RecordValues.text("text", e.text()),
                RecordValues.varchar("source", e.source(), MAX_SOURCE),
                RecordValues.varchar("userId", e.userId(), MAX_USER_ID),
                RecordValues.datetime("ts", e.ts()),
                RecordValues.datetime("ingestedAt", e.ingestedAt()),
                metadataReference(e.metadata(), config.productKeys()),
                metadataReference(e.metadata(), config.storeKeys()));
    }

    /** The product / store id the metadata names must fit its column (a cut id would name another product). */
    private static String metadataReference(Map<String, String> metadata, List<String> keys) {
        if (metadata != null) {
            for (String key : keys) {
                String v = metadata.get(key);
                if (v != null && !v.isBlank()) {
                    return RecordValues.varchar("metadata." + key, v, MAX_REFERENCE);
                }
            }
        }
        return null;
    }

    Uni<Void> handle(List<Input> inputs) {
        if (inputs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = inputs.stream().map(i -> i.event().eventId()).toList();
        Map<String, Input> byEventId = new LinkedHashMap<>();
        inputs.forEach(i -> byEventId.put(i.event().eventId(), i));
        Uni<Void> attempt = repository.find(ids).chain(stored -> {
                    List<Input> fresh = inputs.stream().filter(i -> !stored.containsKey(i.event().eventId())).toList();
                    return Uni.createFrom().item(() -> score(fresh)).runSubscriptionOn(pool.executor())
                            .chain(result -> store(result.scored()).chain(refused -> {
                                Map<Input, String> failed = new LinkedHashMap<>(result.failed());
                                refused.forEach((id, reason) -> failed.put(byEventId.get(id), reason));
                                return Uni.join().all(failed.entrySet().stream()
                                                .map(f -> deadLetters.send(f.getKey().record(), f.getValue()))
                                                .toList())
                                        .andFailFast().replaceWithVoid()
                                        .chain(() -> {
                                            Map<String, ScoredTextEvent> byId = new LinkedHashMap<>();
                                            result.scored().stream().filter(s -> !refused.containsKey(s.eventId()))
                                                    .forEach(s -> byId.put(s.eventId(), s));
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
                                        });
                            }));
                })
                .onFailure().invoke(e -> LOG.warn("Scoring batch failed, retrying", e));
        var retry = attempt.onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30));
        return config.retries() < 0 ? retry.indefinitely() : retry.atMost(config.retries());
    }

    /**
     * Writes the scored events in one transaction; if MySQL refuses a row for its data, writes them one by one
     * and answers the refused ones (event id → reason), so one bad row does not hold back the rest. Any other
     * failure fails the Uni (and the batch is retried).
     */
    Uni<Map<String, String>> store(List<ScoredTextEvent> scored) {
        return repository.insertAll(scored).replaceWith(Map.<String, String>of())
                .onFailure(DataErrors::isDataError).recoverWithUni(batchFailed -> {
                    if (scored.size() == 1) {
                        return Uni.createFrom().item(Map.of(scored.get(0).eventId(), DataErrors.describe(batchFailed)));
                    }
                    LOG.warnf("MySQL refused a row of a batch of %d (%s), writing them one by one", scored.size(),
                            DataErrors.describe(batchFailed));
                    return Multi.createFrom().iterable(scored)
                            .onItem().transformToUniAndConcatenate(s -> repository.insertAll(List.of(s))
                                    .replaceWith(Optional.<Map.Entry<String, String>>empty())
                                    .onFailure(DataErrors::isDataError)
                                    .recoverWithItem(e -> Optional.of(Map.entry(s.eventId(), DataErrors.describe(e)))))
                            .filter(Optional::isPresent).map(Optional::get)
                            .collect().asMap(Map.Entry::getKey, Map.Entry::getValue);
                });
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
