package io.retailpulse.inference.messaging;

import io.retailpulse.common.events.DeadLetterHeaders;
import io.retailpulse.common.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;

/**
 * Records inference cannot use → the {@code .dlq} twin of their topic ({@code feedback.raw.dlq},
 * {@code text.scored.dlq}) with the reason and origin in headers.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<String> feedbackRaw;
    private final MutinyEmitter<String> textScored;

    public DeadLetters(@Channel("feedback-raw-dlq") MutinyEmitter<String> feedbackRaw,
            @Channel("text-scored-dlq") MutinyEmitter<String> textScored) {
        this.feedbackRaw = feedbackRaw;
        this.textScored = textScored;
    }

    public Uni<Void> send(ConsumerRecord<String, String> record, String reason) {
        String source = record.topic() + "-" + record.partition() + "@" + record.offset();
        LOG.warnf("record %s dead-lettered: %s", source, reason);
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, String.valueOf(reason).getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8));
        MutinyEmitter<String> emitter = Topics.TEXT_SCORED.equals(record.topic()) ? textScored : feedbackRaw;
        return emitter.sendMessage(Message.of(record.value() == null ? "" : record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key()).withHeaders(headers)
                        .build()));
    }
}
