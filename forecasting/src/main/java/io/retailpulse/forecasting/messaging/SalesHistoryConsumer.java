package io.retailpulse.forecasting.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailpulse.forecasting.persistence.SalesHistoryRepository;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;


/**
 * {@code retail.sales.history} → {@code sales_history}, last write wins per store-product-day. Offsets are
 * committed after MySQL committed the batch; a replay rewrites the same values.
 */
@ApplicationScoped
public class SalesHistoryConsumer {

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
        return DeadLetterSplit.readable(batch, reader::read, deadLetters, rejected)
                .chain(valid -> repository.upsert(valid).invoke(() -> stored.increment(valid.size())));
    }
}
