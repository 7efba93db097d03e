package io.retailpulse.ingest.exactlyonce;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The durable memory of which transaction ids were handed to {@code retail.transactions} (and feedback event
 * ids to {@code feedback.raw}). A window first
 * claims its ids (an id can be claimed once, ever), then publishes, then is confirmed; a failed window
 * releases its claims so the ids can be sent again.
 */
public interface TransactionLedger {
    /**
     * Claims the ids for {@code windowId}. Of the ids it does not get, those of another window still in flight
     * (or interrupted by a crash) are in doubt; the rest were handed on before.
     */
    Uni<Claim> claim(Kind kind, String windowId, String producerId, Collection<String> ids);

    /** The window's records are committed on Kafka: its claims become permanent. */
    Uni<Void> confirm(String windowId);

    /** The window's records are not on Kafka: forget its claims. */
    Uni<Void> release(String windowId);

    /** Windows of {@code producerId} neither confirmed nor released (a crash interrupted them). */
    Uni<List<PendingWindow>> pending(String producerId);

    /** What the ids name; each kind has its own table, windows are shared. */
    enum Kind {
        TRANSACTION("ingest_transaction_id", "transaction_id"),
        FEEDBACK("ingest_feedback_id", "event_id");

        final String table;
        final String column;

        Kind(String table, String column) {
            this.table = table;
            this.column = column;
        }
    }

    /**
     * {@code owned}: ids this window must publish; {@code open}: ids claimed by another window that is still
     * open (in flight, or interrupted by a crash), mapped to that window's id.
     */
    record Claim(Set<String> owned, Map<String, String> open) {}

    record PendingWindow(String windowId, Instant createdAt) {}
}
