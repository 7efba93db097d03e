package io.retailpulse.ingest.signals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.retailpulse.common.events.RecordValues;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * signals.series → {@code signal_daily}, for values other producers write (ingest's own come back too and
 * change nothing). A record that is not a signal value (not UTF-8, not JSON, a bad name, day or value) goes to
 * signals.series.dlq with the reason; the batch is acknowledged once its values are stored and its dead letters
 * taken. While MySQL or Kafka is away the batch is retried with back-off, indefinitely: the stream waits rather
 * than dropping values.
 */
@ApplicationScoped
public class SignalsConsumer {
    private static final Logger LOG = Logger.getLogger(SignalsConsumer.class);
    static final int MAX_RECORD_BYTES = 64 * 1024;

    private final SignalRepository repository;
    private final SignalPublisher publisher;
    private final ObjectReader reader;
    private final Counter stored;
    private final Counter rejected;

    public SignalsConsumer(
            SignalRepository repository, SignalPublisher publisher, ObjectMapper json, MeterRegistry registry) {
        this.repository = repository;
        this.publisher = publisher;
        this.reader = RecordValues.strictReader(json, JsonNode.class);
        this.stored = registry.counter("ingest_signals_consumed_total", "outcome", "stored");
        this.rejected = registry.counter("ingest_signals_consumed_total", "outcome", "rejected");
    }

    @Incoming("signals-series")
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return Uni.createFrom()
                .deferred(() -> process(batch))
                .onFailure()
                .invoke(e -> LOG.warnf(
                        "signals.series: a batch of %d records failed (%s); retrying",
                        batch.getRecords().size(), e.toString()))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30))
                .indefinitely()
                .chain(() -> Uni.createFrom().completionStage(batch::ack))
                // only the commit itself can fail here (storing is retried): nack so the batch is redelivered
                .onFailure()
                .recoverWithUni(e -> Uni.createFrom().completionStage(() -> batch.nack(e)));
    }

    private Uni<Void> process(KafkaRecordBatch<String, byte[]> batch) {
        List<SignalEvent> valid = new ArrayList<>();
        List<Uni<Void>> dead = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch) {
            try {
                valid.add(read(record.getPayload(), record.getTimestamp()));
            } catch (IllegalArgumentException e) {
                String position = record.getMetadata(IncomingKafkaRecordMetadata.class)
                        .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset())
                        .orElse(record.getTopic());
                LOG.warnf("signals.series: dead-lettering %s: %s", position, e.getMessage());
                byte[] value = record.getPayload() == null ? new byte[0] : record.getPayload();
                dead.add(publisher
                        .deadLetter(
                                new String(value, java.nio.charset.StandardCharsets.UTF_8),
                                null,
                                e.getMessage(),
                                position)
                        .invoke(() -> rejected.increment()));
            }
        }
        Uni<Void> deadLettered = dead.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(dead).andFailFast().replaceWithVoid();
        return deadLettered.chain(() -> repository.upsert(valid)).invoke(() -> stored.increment(valid.size()));
    }

    /** The value of one record, or an {@link IllegalArgumentException} with the reason. */
    SignalEvent read(byte[] value, Instant recordTime) {
        if (value != null && value.length > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException(
                    "record value has " + value.length + " bytes, at most " + MAX_RECORD_BYTES);
        }
        JsonNode node;
        try {
            node = reader.readValue(RecordValues.utf8(value));
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable signal JSON: " + e.getMessage());
        }
        Instant version = recordTime == null ? Instant.now() : recordTime;
        JsonNode at = node == null ? null : node.get("ingestedAt");
        if (at != null && !at.isNull()) {
            try {
                version = Instant.parse(at.asText());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("ingestedAt '" + at.asText() + "' is not an ISO-8601 instant");
            }
        }
        SignalEvent event = SignalJsonReader.event(node, "kafka", Instant.now());
        JsonNode source = node.get("source");
        String src = source != null && source.isTextual() && !source.asText().isBlank() ? source.asText() : "kafka";
        String tooLong = RecordValues.varchar("source", src, 64);
        if (tooLong != null) {
            throw new IllegalArgumentException(tooLong);
        }
        String range = RecordValues.datetime("ingestedAt", version);
        if (range != null) {
            throw new IllegalArgumentException(range);
        }
        return new SignalEvent(event.name(), event.ds(), event.value(), src, version);
    }
}
