package io.retailpulse.ingest.exactlyonce;

import io.retailpulse.ingest.exactlyonce.TransactionLedger.Claim;
import io.retailpulse.ingest.exactlyonce.TransactionLedger.Kind;
import io.retailpulse.ingest.platform.IngestConfig;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import org.jboss.logging.Logger;

/**
 * A window's claim of its ids, bounded by {@code db-timeout}: a frozen MySQL answers 503 within seconds, not after
 * the 60 s ack-timeout.
 *
 * <p>A claim that failed or did not answer in time may still commit (a frozen server thaws; a lost connection may
 * have lost only the answer). Its ids would then stay held by a window nobody publishes, and every retry of them
 * would be answered "in doubt" until the next restart: a stuck client. So a claim that completes late is released,
 * and a window whose claim failed, or whose late release failed too (a fault suite run saw MariaDB's "Deadlock found"
 * on it), is left in doubt to {@link TransactionRecovery}, which releases it before the next window once Kafka
 * confirms it holds none of its records.
 */
@ApplicationScoped
public class WindowClaims {
    private static final Logger LOG = Logger.getLogger(WindowClaims.class);

    private final TransactionLedger ledger;
    private final TransactionRecovery recovery;
    private final IngestConfig config;

    public WindowClaims(TransactionLedger ledger, TransactionRecovery recovery, IngestConfig config) {
        this.ledger = ledger;
        this.recovery = recovery;
        this.config = config;
    }

    /**
     * Claims {@code ids} for the window; fails with Mutiny's {@link TimeoutException} after {@code db-timeout}, or
     * with the ledger's failure.
     *
     * @param what names the window in logs ("transaction", "feedback")
     */
    public Uni<Claim> claim(Kind kind, String what, String windowId, Instant started, Collection<String> ids) {
        Uni<Claim> pending =
                ledger.claim(kind, windowId, config.producerId(), ids).memoize().indefinitely();
        return pending.onFailure()
                .invoke(failure -> recovery.leaveInDoubt(windowId, started, what + " claim failed: " + failure))
                .ifNoItem()
                .after(config.dbTimeout())
                .failWith(() -> {
                    pending.chain(ignored -> ledger.release(windowId))
                            .subscribe()
                            .with(
                                    ignored -> LOG.infof("%s window %s: late claim released", what, windowId),
                                    failure -> recovery.leaveInDoubt(
                                            windowId, started, what + " late claim or release failed: " + failure));
                    return new TimeoutException();
                });
    }
}
