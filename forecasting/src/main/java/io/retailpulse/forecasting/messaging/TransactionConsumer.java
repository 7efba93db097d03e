package io.retailpulse.forecasting.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailpulse.common.events.DailySalesEvent;
import io.retailpulse.common.events.DeadLetterHeaders;
import io.retailpulse.common.events.Topics;
import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.forecasting.persistence.DailySalesRepository;
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
 * {@code retail.transactions} → {@code daily_sales}. A batch is acknowledged (its offsets committed) only
 * after MySQL committed it, so a crash replays it, and replays are harmless because the store is idempotent.
 */
@ApplicationScoped
public class TransactionConsumer {
    private static final Logger LOG = Logger.getLogger(TransactionConsumer.class);

    private final TransactionEventReader reader;
    private final DailySalesRepository repository;
    private final MutinyEmitter<String> deadLetters;
    private final MutinyEmitter<DailySalesEvent> salesDaily;
    private final Counter aggregated;
    private final Counter rejected;

    public TransactionConsumer(TransactionEventReader reader, DailySalesRepository repository,
            // A batch (max.poll.records) can touch that many days at once: buffer them all, never fail the channel.
            @Channel("transactions-dlq") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<String> deadLetters,
            @Channel("sales-daily") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<DailySalesEvent> salesDaily, MeterRegistry registry) {
        this.reader = reader;
        this.repository = repository;
        this.deadLetters = deadLetters;
        this.salesDaily = salesDaily;
        this.aggregated = registry.counter("forecasting_transactions_total", "outcome", "aggregated");
        this.rejected = registry.counter("forecasting_transactions_total", "outcome", "rejected");
    }

    @Incoming("transactions")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<TransactionEvent> valid = new ArrayList<>(batch.getRecords().size());
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
        return dlq.chain(() -> repository.apply(valid))
                .invoke(() -> aggregated.increment(valid.size()))
                .chain(this::publishTotals);
    }

    private Uni<Void> publishTotals(List<DailySalesEvent> totals) {
        if (totals.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = totals.stream().map(t -> salesDaily.sendMessage(Message.of(t).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(TransactionEvent.key(t.storeId(), t.productId()))
                        .build()))).toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private static String position(KafkaRecord<String, String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset())
                .orElse(Topics.TRANSACTIONS);
    }

    private Uni<Void> deadLetter(KafkaRecord<String, String> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SOURCE, position(record).getBytes(StandardCharsets.UTF_8));
        return deadLetters.sendMessage(Message.of(record.getPayload() == null ? "" : record.getPayload()).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(record.getKey()).withHeaders(headers).build()));
    }
}
