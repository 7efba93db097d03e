package io.retailpulse.forecasting.messaging;

import io.micrometer.core.instrument.Counter;
import io.retailpulse.common.events.DeadLetterHeaders;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Splits a consumed batch into the events that can be read and the records that cannot. Those go to the
 * dead-letter topic with the reason and their position; the readable events are handed on only once the
 * broker has the dead letters, so nothing is dropped silently.
 */
final class DeadLetterSplit {
    private static final Logger LOG = Logger.getLogger(DeadLetterSplit.class);

    private DeadLetterSplit() {
    }

    /** @param read parses one record value or throws {@link TransactionEventReader.InvalidEventException} */
    static <T> Uni<List<T>> readable(KafkaRecordBatch<String, String> batch, Function<String, T> read,
            MutinyEmitter<String> deadLetters, Counter rejected) {
        List<T> valid = new ArrayList<>(batch.getRecords().size());
        List<Uni<Void>> deadLettered = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch) {
            try {
                valid.add(read.apply(record.getPayload()));
            } catch (TransactionEventReader.InvalidEventException e) {
                LOG.warnf("Dead-lettering %s: %s", position(record), e.getMessage());
                deadLettered.add(deadLetter(deadLetters, record, e.getMessage()));
            }
        }
        rejected.increment(deadLettered.size());
        if (deadLettered.isEmpty()) {
            return Uni.createFrom().item(valid);
        }
        return Uni.join().all(deadLettered).andFailFast().replaceWith(valid);
    }

    private static String position(KafkaRecord<String, String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset())
                .orElse(record.getTopic());
    }

    private static Uni<Void> deadLetter(MutinyEmitter<String> deadLetters, KafkaRecord<String, String> record,
            String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SOURCE, position(record).getBytes(StandardCharsets.UTF_8));
        return deadLetters.sendMessage(Message.of(record.getPayload() == null ? "" : record.getPayload()).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(record.getKey()).withHeaders(headers).build()));
    }
}
