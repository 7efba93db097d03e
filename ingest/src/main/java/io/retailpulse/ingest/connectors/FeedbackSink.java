package io.retailpulse.ingest.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailpulse.common.events.FeedbackEvent;
import io.retailpulse.common.events.Topics;
import io.retailpulse.ingest.feedback.FeedbackParser;
import io.retailpulse.ingest.feedback.FeedbackService;
import io.retailpulse.ingest.kafka.Records;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The one place connectors meet the rest of ingest: a post is validated exactly like a {@code POST
 * /api/v1/feedback} item and handed on through the feedback path, which claims each event id in MySQL and
 * publishes in a Kafka transaction, so a post is on feedback.raw once however often a stream repeats it.
 */
@ApplicationScoped
public class FeedbackSink {
    /** A dead letter keeps at most this much of the frame. */
    static final int MAX_DEAD_LETTER_CHARS = 65_536;

    private final FeedbackService feedback;
    private final Records records;
    private final FeedbackParser parser = new FeedbackParser(Clock.systemUTC());

    public FeedbackSink(FeedbackService feedback, Records records) {
        this.feedback = feedback;
        this.records = records;
    }

    /** The feedback event of a post, or an {@link IllegalArgumentException} naming what is wrong. */
    FeedbackEvent parse(JsonNode item) {
        return parser.parse(item);
    }

    ProducerRecord<String, byte[]> deadLetter(String connector, String raw, String reason) {
        String value = raw.length() > MAX_DEAD_LETTER_CHARS ? raw.substring(0, MAX_DEAD_LETTER_CHARS) : raw;
        return records.deadLetter(Topics.dlq(Topics.FEEDBACK_RAW), value, null, reason, "connector:" + connector);
    }

    /** Blocking: hands the batch on exactly once per event id; answers how many events were new. */
    long publish(List<FeedbackEvent> events, List<ProducerRecord<String, byte[]>> deadLetters) {
        return feedback.publish(events, deadLetters);
    }
}
