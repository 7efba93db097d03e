package io.retailpulse.inference.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.events.FeedbackEvent;
import io.retailpulse.common.events.RecordValues;
import io.retailpulse.common.values.Ids;
import io.retailpulse.inference.catalog.CatalogConsumer;
import io.retailpulse.inference.config.NlpConfig;
import io.retailpulse.inference.kafka.DeadLetters;
import io.retailpulse.inference.kafka.RecordReader;
import io.retailpulse.inference.shared.Retries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code feedback.raw} → {@link ScoreFeedback}: micro-batches of one poll; the offsets are committed only after the
 * events are stored and published. Poison records go to {@code feedback.raw.dlq} with the reason and the stream
 * continues: a null value, bytes that are not UTF-8, unreadable or trailing JSON, a wrong type, no event id or text,
 * a field longer than its column (checked up front by the {@link RecordReader}), a text the model fails on, and a
 * row MySQL refuses for its data. Any other failure (MySQL or Kafka down) is retried with back-off until it
 * succeeds ({@code pulse.inference.nlp.scoring.retries}): nothing is dropped, and the channel waits instead of
 * failing.
 */
@ApplicationScoped
public class ScoringConsumer {
    // column sizes of text_sentiment (V2__sentiment_and_entities.sql)
    private static final int MAX_EVENT_ID = Ids.MAX_CHARS;
    private static final int MAX_SOURCE = 64;
    private static final int MAX_USER_ID = 128;
    private static final int MAX_REFERENCE = 128;

    private final RecordReader<FeedbackEvent> reader;
    private final ScoreFeedback scoring;
    private final DeadLetters deadLetters;
    private final TextLimits limits;
    private final NlpConfig.Scoring config;
    private final CatalogConsumer catalog;

    public ScoringConsumer(
            ObjectMapper json,
            ScoreFeedback scoring,
            DeadLetters deadLetters,
            TextLimits limits,
            NlpConfig config,
            CatalogConsumer catalog) {
        this.scoring = scoring;
        this.deadLetters = deadLetters;
        this.limits = limits;
        this.config = config.scoring();
        this.catalog = catalog;
        this.reader = new RecordReader<>(
                json, FeedbackEvent.class, this.config.maxRecordBytes(), e -> e == null ? "empty record" : problem(e));
    }

    @Incoming("feedback-scoring")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return reader.readAll(records, deadLetters)
                // the first batches after a start wait for the catalog, so products named in them are recognised
                .call(() -> Uni.createFrom().completionStage(catalog.loaded()))
                .chain(valid -> {
                    Map<String, ConsumerRecord<String, byte[]>> byEventId = new LinkedHashMap<>();
                    Map<String, FeedbackEvent> events = new LinkedHashMap<>();
                    for (RecordReader.Valid<FeedbackEvent> v : valid) {
                        // a duplicate within the poll is the same event
                        if (events.putIfAbsent(v.value().eventId(), v.value()) == null) {
                            byEventId.put(v.value().eventId(), v.record());
                        }
                    }
                    return Retries.outage(
                            scoring.score(
                                    List.copyOf(events.values()),
                                    (eventId, reason) -> deadLetters.send(byEventId.get(eventId), reason)),
                            config.retries());
                });
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
}
