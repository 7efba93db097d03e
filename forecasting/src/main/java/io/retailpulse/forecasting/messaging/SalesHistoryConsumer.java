package io.retailpulse.forecasting.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailpulse.common.events.DeadLetterHeaders;
import io.retailpulse.common.events.SalesHistoryEvent;
import io.retailpulse.common.events.Topics;
import io.retailpulse.forecasting.persistence.SalesHistoryRepository;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code retail.sales.history} → {@code sales_history}, last write wins per store-product-day. Offsets are
 * committed after MySQL committed the batch; a replay rewrites the same values.
 */
@ApplicationScoped
public class SalesHistoryConsumer {
    private static final Logger LOG = Logger.getLogger(SalesHistoryConsumer.class);

    private final SalesHistoryReader reader;
    private final SalesHistoryRepository repository;
    private final MutinyEmitter<String> deadLetters;
    private final Counter stored;
    private final Counter rejected;

    public SalesHistoryConsumer(SalesHistoryReader reader, SalesHistoryRepository repository,
            @Channel("sales-history-dlq") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<String> deadLetters, MeterRegistry registry) {
        this.reader = reader;
        this.repository = repository;
        this.deadLetters = deadLetters;
        this.stored = registry.counter("forecasting_sales_history_total", "outcome", "stored");
        this.rejected = registry.counter("forecasting_sales_history_total", "outcome", "rejected");
    }

    @Incoming("sales-history")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<SalesHistoryEvent> valid = new ArrayList<>(batch.getRecords().size());
        List<Uni<Void>> deadLettered = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch) {
            try {
                valid.add(reader.read(record.getPayload()));
            } catch (TransactionEventReader.InvalidEventException e) {
                LOG.warnf("Dead-lettering %s: %s", position(record), e.getMessage());
                deadLettered.add(deadLetter(record, e.getMessage()));
            }
        }
        rejected.increment(deadLettered.size());
        Uni<Void> dlq = deadLettered.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(deadLettered).andFailFast().replaceWithVoid();
        return dlq.chain(() -> repository.upsert(valid)).invoke(() -> stored.increment(valid.size()));
    }

    private static String position(KafkaRecord<String, String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset())
                .orElse(Topics.SALES_HISTORY);
    }

    private Uni<Void> deadLetter(KafkaRecord<String, String> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SOURCE, position(record).getBytes(StandardCharsets.UTF_8));
        return deadLetters.sendMessage(Message.of(record.getPayload() == null ? "" : record.getPayload()).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(record.getKey()).withHeaders(headers).build()));
    }
}
