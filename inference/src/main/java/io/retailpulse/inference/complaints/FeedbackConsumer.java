package io.retailpulse.inference.complaints;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.retailpulse.common.events.RecordValues;
import io.retailpulse.common.events.ScoredTextEvent;
import io.retailpulse.inference.alerts.AlertService;
import io.retailpulse.inference.config.InferenceConfig;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * {@code text.scored} → {@code topic_feedback} (the weekly corpus) and real-time matching against the latest
 * topics; "unhappy" is the scorer's label (with the source's own markers, {@link UnhappyRule#test(ScoredTextEvent)}).
 * Poison records go to {@code text.scored.dlq} with the reason: a null value, bytes that are not UTF-8, unreadable
 * or trailing JSON, a wrong type, no event id or text, a field longer than its column (checked up front) and a row
 * MySQL refuses for its data (then the batch is written row by row, so the rest of it is stored). Any other
 * failure (MySQL or Kafka down) is retried with back-off until it succeeds. Offsets are committed after MySQL and
 * the alerts.
 */
@ApplicationScoped
public class FeedbackConsumer {
    private static final Logger LOG = Logger.getLogger(FeedbackConsumer.class);
    // column sizes of topic_feedback and topic_alert (V1__topics_and_alerts.sql)
    private static final int MAX_EVENT_ID = 64;
    private static final int MAX_SOURCE = 64;
    private static final int MAX_USER_ID = 128;

    private final ObjectReader reader;
    private final FeedbackRepository feedback;
    private final UnhappyRule unhappy;
    private final TopicIndex index;
    private final SentenceEncoder encoder;
    private final ThemeText theme;
    private final InferencePool pool;
    private final AlertService alerts;
    private final DeadLetters deadLetters;
    private final InferenceConfig.Alerts config;

    public FeedbackConsumer(ObjectMapper json, FeedbackRepository feedback, UnhappyRule unhappy, TopicIndex index,
            SentenceEncoder encoder, ThemeText theme, InferencePool pool, AlertService alerts,
            DeadLetters deadLetters, InferenceConfig config) {
        this.reader = RecordValues.strictReader(json, ScoredTextEvent.class);
        this.feedback = feedback;
        this.unhappy = unhappy;
        this.index = index;
        this.encoder = encoder;
        this.theme = theme;
        this.pool = pool;
        this.alerts = alerts;
        this.deadLetters = deadLetters;
        this.config = config.alerts();
    }

    /** A readable event with the record it came in (for a dead letter if MySQL refuses it). */
    record Input(ScoredTextEvent event, ConsumerRecord<String, byte[]> record) {
    }

    @Incoming("text-scored-topics")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        List<Input> inputs = new ArrayList<>();
        List<Uni<Void>> dead = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            String reason;
            ScoredTextEvent e = null;
            try {
                e = read(r.value());
                reason = e == null ? "empty record" : problem(e);
            } catch (IllegalArgumentException bad) {
                reason = bad.getMessage();
            } catch (RuntimeException bad) {
                // whatever else one record can make the reading throw must not fail the whole poll
                reason = "unreadable ScoredTextEvent: " + bad;
            }
            if (reason != null) {
                dead.add(deadLetters.send(r, reason));
            } else {
                inputs.add(new Input(e, r));
            }
        }
        return Uni.join().all(dead).andFailFast().replaceWithVoid().chain(() -> handleInputs(inputs));
    }

    ScoredTextEvent read(byte[] value) {
        String text = RecordValues.utf8(value);
        try {
            return reader.readValue(text);
        } catch (IOException bad) {
            throw new IllegalArgumentException("unreadable ScoredTextEvent JSON: " + bad.getMessage(), bad);
        }
    }

    /** Why the event cannot be stored, or null: required fields and the columns of topic_feedback / topic_alert. */
    static String problem(ScoredTextEvent e) {
        if (e.eventId() == null || e.eventId().isBlank()) {
            return "eventId is missing";
        }
        if (e.text() == null || e.text().isBlank()) {
            return "text is missing";
        }
        return RecordValues.first(
                RecordValues.varchar("eventId", e.eventId(), MAX_EVENT_ID),
                RecordValues.text("text", e.text()),
                RecordValues.varchar("source", e.source(), MAX_SOURCE),
                RecordValues.varchar("userId", e.userId(), MAX_USER_ID),
                RecordValues.datetime("ts", e.ts()));
    }

    private Uni<Void> handleInputs(List<Input> inputs) {
        if (inputs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, ConsumerRecord<String, byte[]>> records = new HashMap<>();
        inputs.forEach(i -> records.putIfAbsent(i.event().eventId(), i.record()));
        return handle(inputs.stream().map(Input::event).toList(), (eventId, reason) -> deadLetters.send(
                records.get(eventId), reason));
    }

    /** Stores the events, then matches the candidates; {@code refused} dead-letters what MySQL will not store. */
    Uni<Void> handle(List<ScoredTextEvent> events, BiFunction<String, String, Uni<Void>> refused) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<FeedbackRepository.Doc> all = events.stream().map(e -> new FeedbackRepository.Doc(e.eventId(),
                e.ts() != null ? e.ts() : Instant.now(), e.source() == null ? "unknown" : e.source(), e.userId(),
                e.text(), unhappy.test(e))).toList();
        Uni<Void> attempt = store(all).chain(rejected -> Uni.join().all(rejected.entrySet().stream()
                        .map(r -> refused.apply(r.getKey(), r.getValue())).toList()).andFailFast()
                .replaceWith(all.stream().filter(d -> !rejected.containsKey(d.eventId())).toList()))
                .chain(docs -> {
                    List<FeedbackRepository.Doc> candidates = index.isEmpty() ? List.of()
                            : docs.stream().filter(d -> d.unhappy() || !config.unhappyOnly()).toList();
                    if (candidates.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return Uni.createFrom()
                            .item(() -> encoder.embed(candidates.stream().map(d -> theme.of(d.text())).toList()))
                            .runSubscriptionOn(pool.executor())
                            .chain(embeddings -> Multi.createFrom().range(0, candidates.size())
                                    .onItem().transformToUniAndConcatenate(i -> index.nearest(embeddings[i],
                                                    config.similarity())
                                            .filter(TopicIndex.Hit::elected)
                                            .map(hit -> alerts.raise(candidates.get(i), hit))
                                            .orElse(Uni.createFrom().voidItem()))
                                    .collect().last().replaceWithVoid());
                })
                // MySQL or Kafka down: retry the whole batch until it succeeds (storing and alerting are
                // idempotent per event); a row MySQL refuses for its data was dead-lettered above instead
                .onFailure().invoke(e -> LOG.warn("Feedback batch failed, retrying", e));
        return attempt.onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely();
    }

    /**
     * Writes the documents; if MySQL refuses one for its data, writes them one by one and answers the refused ones
     * (event id → reason), so one bad row does not hold back the rest. Any other failure fails the Uni.
     */
    Uni<Map<String, String>> store(List<FeedbackRepository.Doc> docs) {
        return feedback.insertAll(docs).replaceWith(Map.<String, String>of())
                .onFailure(DataErrors::isDataError).recoverWithUni(batchFailed -> {
                    if (docs.size() == 1) {
                        return Uni.createFrom().item(Map.of(docs.get(0).eventId(), DataErrors.describe(batchFailed)));
                    }
                    LOG.warnf("MySQL refused a row of a batch of %d (%s), writing them one by one", docs.size(),
                            DataErrors.describe(batchFailed));
                    return Multi.createFrom().iterable(docs)
                            .onItem().transformToUniAndConcatenate(d -> feedback.insertAll(List.of(d))
                                    .replaceWith(Optional.<Map.Entry<String, String>>empty())
                                    .onFailure(DataErrors::isDataError)
                                    .recoverWithItem(e -> Optional.of(Map.entry(d.eventId(), DataErrors.describe(e)))))
                            .filter(Optional::isPresent).map(Optional::get)
                            .collect().asMap(Map.Entry::getKey, Map.Entry::getValue);
                });
    }
}
