package io.retailpulse.ingest.messaging;

import io.retailpulse.common.events.DeadLetterHeaders;
import io.retailpulse.common.events.TransactionEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.nio.charset.StandardCharsets;

/**
 * Hands transactions to {@code retail.transactions} (keyed store|product so a pair stays ordered on one
 * partition) and rejected rows to its dead-letter twin. Each Uni completes when the broker acknowledged.
 */
@ApplicationScoped
public class TransactionPublisher {
    private final MutinyEmitter<TransactionEvent> transactions;
    private final MutinyEmitter<String> deadLetters;

    public TransactionPublisher(
            @Channel("transactions-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 20_000)
            MutinyEmitter<TransactionEvent> transactions,
            @Channel("transactions-dlq") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 20_000)
            MutinyEmitter<String> deadLetters) {
        this.transactions = transactions;
        this.deadLetters = deadLetters;
    }

    public Uni<Void> publish(TransactionEvent event) {
        return transactions.sendMessage(Message.of(event).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build()));
    }

    public Uni<Void> deadLetter(String rawLine, long line, String reason, String source) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.LINE, Long.toString(line).getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8));
        return deadLetters.sendMessage(Message.of(rawLine).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withHeaders(headers).build()));
    }
}
