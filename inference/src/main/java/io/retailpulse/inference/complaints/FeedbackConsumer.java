package io.retailpulse.inference.complaints;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.events.RecordValues;
import io.retailpulse.common.events.ScoredTextEvent;
import io.retailpulse.common.values.Ids;
import io.retailpulse.inference.kafka.DeadLetters;
import io.retailpulse.inference.kafka.RecordReader;
import io.retailpulse.inference.shared.Retries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code text.scored} → {@link ComplaintIntake} (the weekly corpus and real-time matching). Poison records go to
 * {@code text.scored.dlq} with the reason: a null value, bytes that are not UTF-8, unreadable or trailing JSON, a
 * wrong type, no event id or text, a field longer than its column (checked up front by the {@link RecordReader}) and
 * a row MySQL refuses for its data. Any other failure (MySQL or Kafka down) is retried with back-off until it
 * succeeds. Offsets are committed after MySQL and the alerts.
 */
@ApplicationScoped
public class FeedbackConsumer {
    // column sizes of topic_feedback and topic_alert (V1__topics_and_alerts.sql)
    private static final int MAX_EVENT_ID = Ids.MAX_CHARS;
    private static final int MAX_SOURCE = 64;
    private static final int MAX_USER_ID = 128;

    private final RecordReader<ScoredTextEvent> reader;
    private final ComplaintIntake intake;
    private final DeadLetters deadLetters;

    public FeedbackConsumer(ObjectMapper json, ComplaintIntake intake, DeadLetters deadLetters) {
        this.reader = new RecordReader<>(
                json, ScoredTextEvent.class, Integer.MAX_VALUE, e -> e == null ? "empty record" : problem(e));
        this.intake = intake;
        this.deadLetters = deadLetters;
    }

    @Incoming("text-scored-topics")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return reader.readAll(records, deadLetters).chain(valid -> {
            Map<String, ConsumerRecord<String, byte[]>> byEventId = new HashMap<>();
            valid.forEach(v -> byEventId.putIfAbsent(v.value().eventId(), v.record()));
            return Retries.outage(intake.accept(
                    valid.stream().map(RecordReader.Valid::value).toList(),
                    (eventId, reason) -> deadLetters.send(byEventId.get(eventId), reason)));
        });
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
}
