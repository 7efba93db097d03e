package io.retailpulse.forecasting.runs;

import io.retailpulse.common.events.ForecastPublishedEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** {@code forecasts.published}: one record per store-product of a run, keyed {@code storeId|productId}. */
@ApplicationScoped
public class ForecastPublisher {
    private final MutinyEmitter<ForecastPublishedEvent> emitter;

    public ForecastPublisher(
            @Channel("forecasts-published") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
                    MutinyEmitter<ForecastPublishedEvent> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(long runId, PairForecast f) {
        ForecastPublishedEvent event = new ForecastPublishedEvent(
                runId,
                f.key().storeId(),
                f.key().productId(),
                Instant.now(),
                f.days().stream()
                        .map(d -> new ForecastPublishedEvent.Point(d.date(), d.yhat(), d.lower(), d.upper()))
                        .toList());
        return emitter.sendMessage(Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(f.key().kafkaKey())
                        .build()));
    }
}
