package io.retailpulse.ingest.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import io.retailpulse.common.api.DatabaseUnavailableException;
import io.retailpulse.common.events.FeedbackEvent;
import io.retailpulse.common.events.Topics;
import io.retailpulse.ingest.exactlyonce.Spool;
import io.retailpulse.ingest.exactlyonce.TransactionLedger.Claim;
import io.retailpulse.ingest.exactlyonce.TransactionLedger.Kind;
import io.retailpulse.ingest.exactlyonce.TransactionRecovery;
import io.retailpulse.ingest.exactlyonce.WindowClaims;
import io.retailpulse.ingest.exactlyonce.WindowCommitter;
import io.retailpulse.ingest.kafka.PublishFailedException;
import io.retailpulse.ingest.kafka.Records;
import io.retailpulse.ingest.platform.CapabilityApi;
import io.retailpulse.ingest.platform.IngestConfig;
import io.retailpulse.ingest.platform.IngestMetrics;
import io.retailpulse.ingest.platform.ItemError;
import io.smallrye.mutiny.TimeoutException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Takes a batch of feedback items exactly once per (source, externalId): valid items are claimed in the ledger
 * by event id, the new ones and the dead letters of invalid ones are published in one Kafka transaction, then
 * the window is confirmed (same protocol as transactions, see {@link WindowCommitter}). Blocking.
 */
@CapabilityApi
@ApplicationScoped
public class FeedbackService {
    private final WindowClaims claims;
    private final WindowCommitter committer;
    private final TransactionRecovery recovery;
    private final Records records;
    private final IngestConfig config;
    private final IngestMetrics metrics;
    private final Spool spool;
    private final FeedbackParser parser = new FeedbackParser(Clock.systemUTC());

    public FeedbackService(
            WindowClaims claims,
            WindowCommitter committer,
            TransactionRecovery recovery,
            Records records,
            IngestConfig config,
            IngestMetrics metrics,
            Spool spool) {
        this.spool = spool;
        this.claims = claims;
        this.committer = committer;
        this.recovery = recovery;
        this.records = records;
        this.config = config;
        this.metrics = metrics;
    }

    /** The platform id of a feedback: a name-based UUID of (source, externalId). */
    public static String eventId(String source, String externalId) {
        return UUID.nameUUIDFromBytes((source + "\n" + externalId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** Thrown when items are held by another request's open window: the client should send them again. */
    public static class InDoubtException extends RuntimeException {
        public InDoubtException(long count) {
            super(count + " item(s) are being handed on by a concurrent request (or await recovery after a "
                    + "failure); send the request again shortly: nothing is sent twice");
        }
    }

    /** Validates and hands on; the items' errors are in the result, nothing is thrown for a bad item. */
    public FeedbackResult submit(List<JsonNode> items) {
        List<FeedbackEvent> valid = new ArrayList<>();
        List<ItemError> errors = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> deadLetters = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                valid.add(parser.parse(items.get(i)));
            } catch (IllegalArgumentException e) {
                errors.add(new ItemError(i, e.getMessage()));
                deadLetters.add(records.deadLetter(
                        Topics.dlq(Topics.FEEDBACK_RAW),
                        String.valueOf(items.get(i)),
                        null,
                        "item " + i + ": " + e.getMessage(),
                        "api:feedback"));
                metrics.count("feedback", "rejected", IngestMetrics.reasonTag(e.getMessage()), 1);
            }
        }
        if (valid.isEmpty() && deadLetters.isEmpty()) {
            return new FeedbackResult(0, 0, List.of(), List.of(), 0);
        }
        long sent = publish(valid, deadLetters);
        return new FeedbackResult(
                valid.size(),
                errors.size(),
                valid.stream().map(FeedbackEvent::eventId).toList(),
                errors,
                valid.size() - sent);
    }

    /**
     * Hands on valid events (e.g. generated posts) and dead letters exactly once per event id; answers how
     * many events were new. Throws {@link InDoubtException} or {@link PublishFailedException}.
     */
    public long publish(List<FeedbackEvent> valid, List<ProducerRecord<String, byte[]>> deadLetters) {
        recovery.ensureRecovered();
        String windowId = UUID.randomUUID().toString();
        Instant started = Instant.now();
        Map<String, FeedbackEvent> unique = new LinkedHashMap<>();
        valid.forEach(e -> unique.putIfAbsent(e.eventId(), e));
        Claim claim = unique.isEmpty() ? new Claim(Set.of(), Map.of()) : claim(windowId, started, unique.keySet());
        List<ProducerRecord<String, byte[]>> batch = new ArrayList<>();
        Set<String> sent = new HashSet<>();
        for (FeedbackEvent event : unique.values()) {
            if (claim.owned().contains(event.eventId()) && sent.add(event.eventId())) {
                batch.add(records.json(Topics.FEEDBACK_RAW, event.eventId(), event));
            }
        }
        batch.addAll(deadLetters);
        committer.commit(windowId, started, !unique.isEmpty(), batch, 0);
        long inDoubt = claim.open().values().stream()
                .filter(owner -> !spool.holds(owner))
                .count();
        if (inDoubt > 0) {
            throw new InDoubtException(inDoubt);
        }
        for (FeedbackEvent event : valid) {
            metrics.count(event.source(), sent.contains(event.eventId()) ? "accepted" : "duplicate", "none", 1);
        }
        return sent.size();
    }

    /** Claims the ids for the window, waiting at most {@code db-timeout} (then 503). */
    private Claim claim(String windowId, Instant started, Set<String> ids) {
        try {
            return claims.claim(Kind.FEEDBACK, "feedback", windowId, started, ids)
                    .await()
                    .indefinitely();
        } catch (TimeoutException e) {
            throw new DatabaseUnavailableException("The ledger claim did not complete within "
                    + config.dbTimeout().toMillis() + " ms");
        }
    }
}
