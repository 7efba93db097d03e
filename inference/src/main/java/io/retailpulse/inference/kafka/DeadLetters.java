package io.retailpulse.inference.kafka;

import io.retailpulse.common.events.DeadLetterHeaders;
import io.retailpulse.common.events.Topics;
import io.retailpulse.inference.shared.Retries;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The one dead-letter helper of inference: records it cannot use → the {@code .dlq} twin of their topic ({@code feedback.raw.dlq},
 * {@code text.scored.dlq}) with the reason and origin in headers. The value is the record's bytes as they came
 * (not UTF-8 text any more if that was the reason); a failed send is retried until the broker takes it, so the
 * offset of a poison record is never committed without its dead letter.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    /** A reason (e.g. an exception message quoting the record) is cut to this many characters. */
    static final int MAX_REASON = 1000;

    private final MutinyEmitter<byte[]> feedbackRaw;
    private final MutinyEmitter<byte[]> textScored;

    public DeadLetters(
            @Channel("feedback-raw-dlq") MutinyEmitter<byte[]> feedbackRaw,
            @Channel("text-scored-dlq") MutinyEmitter<byte[]> textScored) {
        this.feedbackRaw = feedbackRaw;
        this.textScored = textScored;
    }

    public Uni<Void> send(ConsumerRecord<String, byte[]> record, String reason) {
        String source = record.topic() + "-" + record.partition() + "@" + record.offset();
        String why = reason == null
                ? "unknown"
                : reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "…";
        LOG.warnf("record %s dead-lettered: %s", source, why);
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, why.getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8));
        MutinyEmitter<byte[]> emitter = Topics.TEXT_SCORED.equals(record.topic()) ? textScored : feedbackRaw;
        // the emitter's Uni is lazy: each retry sends again
        return Retries.outage(emitter.sendMessage(Message.of(record.value() == null ? new byte[0] : record.value())
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(record.key())
                                .withHeaders(headers)
                                .build()))
                .onFailure()
                .invoke(e -> LOG.warnf("dead letter for %s not sent (%s), retrying", source, e.toString())));
    }
}
