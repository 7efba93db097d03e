package io.retailpulse.ingest.uploads;

import io.retailpulse.common.events.Topics;
import io.retailpulse.common.events.TransactionEvent;
import io.retailpulse.ingest.exactlyonce.Spool;
import io.retailpulse.ingest.exactlyonce.TransactionLedger.Claim;
import io.retailpulse.ingest.exactlyonce.TransactionLedger.Kind;
import io.retailpulse.ingest.exactlyonce.TransactionRecovery;
import io.retailpulse.ingest.exactlyonce.WindowClaims;
import io.retailpulse.ingest.exactlyonce.WindowCommitter;
import io.retailpulse.ingest.kafka.Records;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Hands windows of transactions to Kafka exactly once per transaction id:
 * <ol>
 *   <li>{@link #prepare}: claim the ids in the ledger (MySQL) — ids claimed before are duplicates and are not
 *       sent again;</li>
 *   <li>{@link #commit}: publish the claimed rows, the window's dead letters and a marker in one Kafka
 *       transaction, then confirm the window in the ledger.</li>
 * </ol>
 * A crash between publishing and confirming leaves the window open; recovery looks for its marker and keeps or
 * releases the claims. A failed attempt is retried with back-off, but only after checking the marker, so an
 * attempt whose commit succeeded unseen is never sent twice. {@link #commit} and {@link #abandon} block: call
 * them from worker threads.
 */
@ApplicationScoped
public class TransactionWindowPublisher {
    private static final Logger LOG = Logger.getLogger(TransactionWindowPublisher.class);

    private final WindowClaims claims;
    private final WindowCommitter committer;
    private final TransactionRecovery recovery;
    private final Records records;
    private final Spool spool;

    public TransactionWindowPublisher(
            WindowClaims claims,
            WindowCommitter committer,
            TransactionRecovery recovery,
            Records records,
            Spool spool) {
        this.spool = spool;
        this.claims = claims;
        this.committer = committer;
        this.recovery = recovery;
        this.records = records;
    }

    /**
     * A claimed window, ready to publish. {@code published}: rows it will put on the topic; {@code duplicates}:
     * rows handed on before (by an earlier upload, an earlier window of this upload or this window itself);
     * {@code inDoubt}: rows another upload's open window decides on.
     */
    public record Prepared(
            String windowId,
            Instant started,
            boolean claimed,
            List<TransactionEvent> toSend,
            List<ProducerRecord<String, byte[]>> deadLetters,
            long published,
            long duplicates,
            long inDoubt) {}

    /** A new window id; the caller adds it to its own windows before {@link #prepare}. */
    public String newWindowId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Claims the window's ids; completes (on a Vert.x thread) when MySQL answered, so the caller can read the
     * next window meanwhile.
     *
     * @param events      valid rows of the window, in file order
     * @param deadLetters the window's rejected rows, published in the same transaction
     * @param ownWindows  windows of the same upload (thread-safe set): ids they hold are duplicates, not in doubt
     */
    public CompletableFuture<Prepared> prepare(
            String windowId,
            List<TransactionEvent> events,
            List<ProducerRecord<String, byte[]>> deadLetters,
            Set<String> ownWindows) {
        recovery.ensureRecovered();
        Instant started = Instant.now();
        Set<String> ids = new HashSet<>();
        for (TransactionEvent event : events) {
            ids.add(event.transactionId());
        }
        Uni<Claim> claim = ids.isEmpty()
                ? Uni.createFrom().item(new Claim(Set.of(), java.util.Map.of()))
                : claims.claim(Kind.TRANSACTION, "transaction", windowId, started, ids);
        return claim.map(c -> {
                    // Ids of this upload's windows and of spooled windows were accepted before: duplicates, not in
                    // doubt.
                    long inDoubt = c.open().values().stream()
                            .filter(owner -> !ownWindows.contains(owner) && !spool.holds(owner))
                            .count();
                    List<TransactionEvent> toSend = new ArrayList<>(c.owned().size());
                    Set<String> sent = new HashSet<>();
                    for (TransactionEvent event : events) {
                        // add() also drops a repeat of an id within the window
                        if (c.owned().contains(event.transactionId()) && sent.add(event.transactionId())) {
                            toSend.add(event);
                        }
                    }
                    return new Prepared(
                            windowId,
                            started,
                            !ids.isEmpty(),
                            toSend,
                            deadLetters,
                            sent.size(),
                            events.size() - sent.size() - inDoubt,
                            inDoubt);
                })
                .subscribeAsCompletionStage();
    }

    /**
     * Publishes a prepared window and confirms it.
     *
     * @param confirmed rows of the upload committed before this window (for the failure message)
     * @throws PublishFailedException if Kafka did not take it after the retries
     */
    /** @return true if the window was spooled (accepted, handed on to Kafka later by the drainer) */
    public boolean commit(Prepared window, long confirmed) {
        long t0 = System.nanoTime();
        // Serialised here, on the committing worker, so the reading thread can go on claiming the next window.
        List<ProducerRecord<String, byte[]>> batch =
                new ArrayList<>(window.toSend().size() + window.deadLetters().size());
        for (TransactionEvent event : window.toSend()) {
            // the fast writer, same JSON as Records.json
            batch.add(new ProducerRecord<>(Topics.TRANSACTIONS, event.key(), TransactionJson.write(event)));
        }
        batch.addAll(window.deadLetters());
        boolean spooled = committer.commit(window.windowId(), window.started(), window.claimed(), batch, confirmed);
        if (LOG.isDebugEnabled()) {
            LOG.debugf(
                    "window %s: %d records %s in %d ms",
                    window.windowId(),
                    batch.size(),
                    spooled ? "spooled" : "committed and confirmed",
                    (System.nanoTime() - t0) / 1_000_000);
        }
        return spooled;
    }

    /** A prepared window that will not be published (an earlier window failed): frees its claims. */
    public void abandon(Prepared window) {
        committer.abandon(window.windowId(), window.started(), window.claimed());
    }
}
