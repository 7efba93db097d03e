package io.retailpulse.forecasting.aggregation;

import io.micrometer.core.instrument.Counter;
import io.retailpulse.common.events.DeadLetterHeaders;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * One consumed batch, start to finish: read every record (strict UTF-8, then the topic's reader), store the
 * readable ones, hand the stored results on, and only then acknowledge the batch, which commits its offsets.
 *
 * <p>What it promises, per record: stored, or on the dead-letter topic with the reason — never dropped, and never
 * able to stop the records behind it. A record the reader refuses is dead-lettered at once. A record MySQL
 * refuses (a value over a column limit, say) makes the batch fail; the batch is then stored record by record
 * so that only the refused ones are dead-lettered. A database that cannot be reached is retried with back-off
 * for {@code pulse.forecasting.consumer.retry-window}; after that the batch is nacked, the channel fails and
 * liveness turns DOWN, and the restarted process replays from the last commit (the stores are idempotent).
 *
 * @param <T> the topic's event
 * @param <R> what storing a batch returns (the new day totals, or nothing)
 */
final class BatchPipeline<T, R> {
    private static final Logger LOG = Logger.getLogger(BatchPipeline.class);

    private final String name;
    private final Function<String, T> read;
    private final Function<List<T>, Uni<List<R>>> store;
    private final MutinyEmitter<byte[]> deadLetters;
    private final Counter rejected;
    private final ConsumerConfig config;

    /**
     * @param read  parses one record value or throws {@link InvalidEventException} with the reason
     * @param store stores a batch in one MySQL transaction
     */
    BatchPipeline(
            String name,
            Function<String, T> read,
            Function<List<T>, Uni<List<R>>> store,
            MutinyEmitter<byte[]> deadLetters,
            Counter rejected,
            ConsumerConfig config) {
        this.name = name;
        this.read = read;
        this.store = store;
        this.deadLetters = deadLetters;
        this.rejected = rejected;
        this.config = config;
    }

    /**
     * Reads and stores the batch and runs {@code then} on what was stored, retrying a failure other than bad data
     * for the retry window. The caller acknowledges the batch when this succeeds; otherwise it logs through {@link #giveUp} and nacks.
     */
    Uni<Void> store(KafkaRecordBatch<String, byte[]> batch, Function<List<R>, Uni<Void>> then) {
        return Uni.createFrom()
                .<Void>deferred(() -> process(batch).chain(stored -> then.apply(stored)))
                .onFailure(failure -> !(failure instanceof InvalidEventException))
                .invoke(failure -> LOG.warnf(
                        "%s: a batch of %d records failed (%s); retrying",
                        name, batch.getRecords().size(), failure.toString()))
                .onFailure(failure -> !(failure instanceof InvalidEventException))
                .retry()
                .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10))
                .expireIn(config.retryWindow().toMillis());
    }

    /**
     * Logs a batch that could not be stored within the retry window; the caller nacks it, so the channel stops and
     * the process restarts and replays it.
     */
    void giveUp(KafkaRecordBatch<String, byte[]> batch, Throwable failure) {
        LOG.errorf(
                failure,
                "%s: giving up on a batch of %d records after %s; the channel stops so "
                        + "that the process is restarted and replays it",
                name,
                batch.getRecords().size(),
                config.retryWindow());
    }

    private Uni<List<R>> process(KafkaRecordBatch<String, byte[]> batch) {
        List<Readable<T>> readable = new ArrayList<>(batch.getRecords().size());
        List<Uni<Void>> dead = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch) {
            try {
                readable.add(new Readable<>(record, read.apply(utf8(record.getPayload()))));
            } catch (InvalidEventException e) {
                dead.add(deadLetter(record, e.getMessage()));
            } catch (RuntimeException e) {
                // A reader bug must not stop the stream behind this record either.
                dead.add(deadLetter(record, "unreadable record: " + e));
            }
        }
        Uni<Void> deadLettered = dead.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(dead).andFailFast().replaceWithVoid();
        return deadLettered.chain(() -> storeIsolating(readable));
    }

    /** Stores all; if MySQL refuses the batch for its data, stores one by one and dead-letters the refused. */
    private Uni<List<R>> storeIsolating(List<Readable<T>> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return attempt(items.stream().map(Readable::event).toList())
                .onFailure(DbErrors::refusedData)
                .recoverWithUni(failure -> {
                    if (items.size() == 1) {
                        return deadLetter(items.get(0).record(), DbErrors.reason(failure))
                                .replaceWith(List.of());
                    }
                    LOG.warnf(
                            "%s: MySQL refused a batch of %d records (%s); storing them one by one to set the "
                                    + "refused ones aside",
                            name, items.size(), failure.getMessage());
                    // In record order, so that last-write-wins stores keep their meaning.
                    Uni<List<R>> chain = Uni.createFrom().item(new ArrayList<>());
                    for (Readable<T> item : items) {
                        chain = chain.chain(
                                stored -> storeIsolating(List.of(item)).map(one -> {
                                    stored.addAll(one);
                                    return stored;
                                }));
                    }
                    return chain;
                });
    }

    private Uni<List<R>> attempt(List<T> events) {
        return store.apply(events)
                .ifNoItem()
                .after(config.attemptTimeout())
                .failWith(() -> new IllegalStateException("MySQL did not answer within " + config.attemptTimeout()));
    }

    /** Strict: a value that is not UTF-8 is refused, not read with replacement characters. */
    static String utf8(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidEventException("record value is not valid UTF-8");
        }
    }

    private Uni<Void> deadLetter(KafkaRecord<String, byte[]> record, String reason) {
        String position = position(record);
        LOG.warnf("%s: dead-lettering %s: %s", name, position, reason);
        rejected.increment();
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SOURCE, position.getBytes(StandardCharsets.UTF_8));
        byte[] value = record.getPayload() == null ? new byte[0] : record.getPayload();
        return deadLetters.sendMessage(Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(record.getKey())
                        .withHeaders(headers)
                        .build()));
    }

    private static String position(KafkaRecord<String, byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset())
                .orElse(record.getTopic());
    }

    private record Readable<T>(KafkaRecord<String, byte[]> record, T event) {}
}
