package io.retailpulse.inference.messaging;

import io.retailpulse.common.events.DeadLetterHeaders;
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

/** Unreadable {@code feedback.raw} records → {@code feedback.raw.dlq} with the reason and origin in headers. */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<String> emitter;

    public DeadLetters(@Channel("feedback-raw-dlq") MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> send(ConsumerRecord<String, String> record, String reason) {
        String source = record.topic() + "-" + record.partition() + "@" + record.offset();
        LOG.warnf("feedback record %s dead-lettered: %s", source, reason);
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, String.valueOf(reason).getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8));
        return emitter.sendMessage(Message.of(record.value() == null ? "" : record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key()).withHeaders(headers)
                        .build()));
    }
}
