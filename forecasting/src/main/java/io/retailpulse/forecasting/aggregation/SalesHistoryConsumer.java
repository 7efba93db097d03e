package io.retailpulse.forecasting.aggregation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailpulse.common.events.SalesHistoryEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * {@code retail.sales.history} → {@code sales_history}, last write wins per store-product-day. The batch is
 * acknowledged (offsets committed) after MySQL committed it; a replay rewrites the same values.
 */
@ApplicationScoped
public class SalesHistoryConsumer {

    private final BatchPipeline<SalesHistoryEvent, Void> pipeline;

    public SalesHistoryConsumer(
            SalesHistoryReader reader,
            SalesHistoryRepository repository,
            @Channel("sales-history-dlq") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                    MutinyEmitter<byte[]> deadLetters,
            MeterRegistry registry,
            ConsumerConfig config) {
        Counter stored = registry.counter("forecasting_sales_history_total", "outcome", "stored");
        this.pipeline = new BatchPipeline<>(
                "retail.sales.history",
                reader::read,
                valid -> repository
                        .upsert(valid)
                        .invoke(() -> stored.increment(valid.size()))
                        .replaceWith(List.of()),
                deadLetters,
                registry.counter("forecasting_sales_history_total", "outcome", "rejected"),
                config);
    }

    @Incoming("sales-history")
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return pipeline.store(batch, stored -> Uni.createFrom().voidItem())
                .chain(() -> Uni.createFrom().completionStage(() -> batch.ack()))
                .onFailure()
                .recoverWithUni(failure -> {
                    pipeline.giveUp(batch, failure);
                    return Uni.createFrom().completionStage(() -> batch.nack(failure));
                });
    }
}
