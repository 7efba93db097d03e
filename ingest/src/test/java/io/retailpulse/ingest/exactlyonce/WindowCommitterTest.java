package io.retailpulse.ingest.exactlyonce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.vertx.core.runtime.VertxTimerAwareScheduledExecutorService;
import io.retailpulse.ingest.kafka.BrokerStatus;
import io.retailpulse.ingest.kafka.PublishFailedException;
import io.retailpulse.ingest.platform.IngestConfig;
import io.retailpulse.ingest.testing.TestConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a window meets a failing broker: where retries run, and that an unanswered broker costs one timeout. */
class WindowCommitterTest {
    private final Vertx vertx = Vertx.vertx();
    private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(2);

    @AfterEach
    void tearDown() {
        Infrastructure.setDefaultExecutor();
        pool.shutdownNow();
        vertx.close();
    }

    /** Counts the Kafka calls; each call fails with what the supplier gives (null: succeeds). */
    private static final class FakeLog implements TransactionalLog {
        final List<String> threads = new CopyOnWriteArrayList<>();
        final List<Boolean> onEventLoop = new CopyOnWriteArrayList<>();
        final Supplier<RuntimeException> failure;
        int publishes;

        FakeLog(Supplier<RuntimeException> failure) {
            this.failure = failure;
        }

        private void call() {
            threads.add(Thread.currentThread().getName());
            onEventLoop.add(Context.isOnEventLoopThread());
        }

        @Override
        public synchronized void publishAtomically(String windowId, List<ProducerRecord<String, byte[]>> records) {
            call();
            publishes++;
            RuntimeException e = failure.get();
            if (e != null) {
                throw e;
            }
        }

        @Override
        public Set<String> committedWindowsSince(Instant since) {
            call();
            return Set.of();
        }
    }

    private static class FakeLedger implements TransactionLedger {
        final List<String> released = new CopyOnWriteArrayList<>();

        @Override
        public Uni<Claim> claim(Kind kind, String windowId, String producerId, Collection<String> ids) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Uni<Void> confirm(String windowId) {
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> release(String windowId) {
            released.add(windowId);
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<List<PendingWindow>> pending(String producerId) {
            return Uni.createFrom().item(List.of());
        }
    }

    private static IngestConfig config(Path spoolDir, long spoolBytes) {
        IngestConfig.SpoolConfig spool = TestConfig.spool(spoolDir, spoolBytes);
        return TestConfig.of(
                Map.of(
                        "retryBackoff",
                        Duration.ofMillis(20),
                        "publishRetries",
                        3,
                        "kafkaTimeout",
                        Duration.ofSeconds(5),
                        "spool",
                        spool),
                Map.of());
    }

    private static WindowCommitter committer(FakeLog log, FakeLedger ledger, IngestConfig config) {
        Spool spool = new Spool(config);
        BrokerStatus broker = new BrokerStatus();
        TransactionRecovery recovery = new TransactionRecovery(ledger, log, spool, config, broker);
        return new WindowCommitter(ledger, log, recovery, spool, config, new SimpleMeterRegistry(), broker);
    }

    private static List<ProducerRecord<String, byte[]>> batch() {
        return List.of(new ProducerRecord<>("retail.transactions", "t-1", new byte[] {'{', '}'}));
    }

    @Test
    void retriesAFailedWindowOnTheCallingWorkerNeverOnTheEventLoop(@TempDir Path dir) throws Exception {
        // As in Quarkus: Mutiny's scheduler turns a delay asked for inside a Vert.x context into a Vert.x timer,
        // whose handler runs on that context's event loop.
        Infrastructure.setDefaultExecutor(new VertxTimerAwareScheduledExecutorService(pool));
        int[] calls = {0};
        FakeLog log = new FakeLog(() -> calls[0]++ < 2 ? new KafkaException("NOT_ENOUGH_REPLICAS, try again") : null);
        WindowCommitter committer = committer(log, new FakeLedger(), config(dir, 0));

        // A blocking request handler: a worker thread running for a request's (event-loop) context.
        Context request = vertx.getOrCreateContext();
        boolean spooled = request.executeBlocking(() -> committer.commit("w-1", Instant.now(), false, batch(), 0))
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);

        assertFalse(spooled);
        assertEquals(3, log.publishes, "two failed attempts, then the one that commits");
        assertTrue(log.onEventLoop.stream().noneMatch(b -> b), "Kafka calls ran on " + log.threads);
        assertEquals(1, log.threads.stream().distinct().count(), "all on the calling worker: " + log.threads);
    }

    @Test
    void aBrokerThatDoesNotAnswerIsNotRetriedAndLaterWindowsDoNotWaitForIt(@TempDir Path dir) {
        FakeLog log = new FakeLog(() -> new TimeoutException("Timeout expired after 5000ms while awaiting EndTxn"));
        FakeLedger ledger = new FakeLedger();
        WindowCommitter committer = committer(log, ledger, config(dir, 0)); // no spool

        assertThrows(PublishFailedException.class, () -> committer.commit("w-1", Instant.now(), true, batch(), 0));
        assertEquals(1, log.publishes, "retrying an unanswered broker only multiplies the wait");

        long t0 = System.nanoTime();
        PublishFailedException next = assertThrows(
                PublishFailedException.class, () -> committer.commit("w-2", Instant.now(), true, batch(), 0));
        assertEquals(1, log.publishes, "the next window does not try the broker known to be away");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1));
        assertTrue(next.getMessage().contains("has not answered since"), next.getMessage());
        assertTrue(ledger.released.contains("w-2"), "its claims are freed: nothing of it was sent");
    }

    @Test
    void aWindowMeetingAnUnreachableBrokerGoesToTheSpoolAfterOneAttempt(@TempDir Path dir) {
        FakeLog log = new FakeLog(() -> new TimeoutException("Topic retail.transactions not present in metadata"));
        WindowCommitter committer = committer(log, new FakeLedger(), config(dir, 1 << 20));

        assertTrue(committer.commit("w-1", Instant.now(), true, batch(), 0), "spooled");
        assertEquals(1, log.publishes);
        assertTrue(committer.commit("w-2", Instant.now(), true, batch(), 0), "spooled behind the first");
        assertEquals(1, log.publishes, "without trying the broker");
    }

    @Test
    void aWindowOnKafkaWhoseConfirmationFailsIsAcceptedAndConfirmedBeforeTheNextWindow(@TempDir Path dir) {
        // A fault suite run: MariaDB killed between a window's Kafka commit and its confirmation. The upload was
        // failed although its rows were on Kafka, and every resend was told "in doubt" until ingest restarted.
        Set<String> onKafka = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<String> confirmed = new CopyOnWriteArrayList<>();
        int[] confirmations = {0};
        TransactionalLog log = new TransactionalLog() {
            @Override
            public void publishAtomically(String windowId, List<ProducerRecord<String, byte[]>> records) {
                onKafka.add(windowId);
            }

            @Override
            public Set<String> committedWindowsSince(Instant since) {
                return Set.copyOf(onKafka);
            }
        };
        FakeLedger ledger = new FakeLedger() {
            @Override
            public Uni<Void> confirm(String windowId) {
                if (confirmations[0]++ == 0) {
                    return Uni.createFrom()
                            .failure(
                                    new IllegalStateException(
                                            "Failed to read any response from the server, the underlying connection may have been lost"));
                }
                confirmed.add(windowId);
                return Uni.createFrom().voidItem();
            }
        };
        IngestConfig config = config(dir, 0);
        Spool spool = new Spool(config);
        BrokerStatus broker = new BrokerStatus();
        TransactionRecovery recovery = new TransactionRecovery(ledger, log, spool, config, broker);
        WindowCommitter committer =
                new WindowCommitter(ledger, log, recovery, spool, config, new SimpleMeterRegistry(), broker);
        recovery.ensureRecovered();

        assertFalse(committer.commit("w-1", Instant.now(), true, batch(), 0), "accepted: its rows are on Kafka");
        assertEquals(List.of(), confirmed);

        recovery.ensureRecovered(); // what the next window of any upload does first
        assertEquals(List.of("w-1"), confirmed, "confirmed from its marker on Kafka, not released");
        assertEquals(List.of(), ledger.released);
    }
}
