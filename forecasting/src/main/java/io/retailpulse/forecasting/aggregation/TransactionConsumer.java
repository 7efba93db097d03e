package io.retailpulse.forecasting.aggregation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailpulse.common.events.DailySalesEvent;
import io.retailpulse.common.events.TransactionEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * {@code retail.transactions} → {@code daily_sales}. A batch is acknowledged (its offsets committed) only
 * after MySQL committed it and its day totals are published, so a crash replays it, and replays are harmless
 * because the store is idempotent. {@link BatchPipeline} says what happens to records that cannot be stored.
 */
@ApplicationScoped
public class TransactionConsumer {

    private final BatchPipeline<TransactionEvent, DailySalesEvent> pipeline;
    private final MutinyEmitter<DailySalesEvent> salesDaily;
    private final Counter aggregated;

    public TransactionConsumer(
            TransactionEventReader reader,
            DailySalesRepository repository,
            // A batch (max.poll.records) can touch that many days at once: buffer them all, never fail the channel.
            @Channel("transactions-dlq") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                    MutinyEmitter<byte[]> deadLetters,
            @Channel("sales-daily") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                    MutinyEmitter<DailySalesEvent> salesDaily,
            MeterRegistry registry,
            ConsumerConfig config) {
        this.salesDaily = salesDaily;
        this.aggregated = registry.counter("forecasting_transactions_total", "outcome", "aggregated");
        this.pipeline = new BatchPipeline<>(
                "retail.transactions",
                reader::read,
                valid -> repository.apply(valid).invoke(() -> aggregated.increment(valid.size())),
                deadLetters,
                registry.counter("forecasting_transactions_total", "outcome", "rejected"),
                config);
    }

    @Incoming("transactions")
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return pipeline.store(batch, this::publishTotals)
                .chain(() -> Uni.createFrom().completionStage(() -> batch.ack()))
                .onFailure()
                .recoverWithUni(failure -> {
                    pipeline.giveUp(batch, failure);
                    return Uni.createFrom().completionStage(() -> batch.nack(failure));
                });
    }

    private Uni<Void> publishTotals(List<DailySalesEvent> totals) {
        if (totals.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = totals.stream()
                .map(t -> salesDaily.sendMessage(Message.of(t)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(TransactionEvent.key(t.storeId(), t.productId()))
                                .build())))
                .toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }
}
