package io.retailpulse.ingest.connectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /api/v1/connectors} shows per connector. {@code state}: stopped, running, or stopping (the
 * streams are closed, posts already read are still being handed on). Counters are since ingest started.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectorStatus(
        String name,
        boolean configured,
        List<String> missing,
        String state,
        List<StreamStatus> streams,
        long posts,
        long duplicates,
        long malformed,
        long ignored,
        long reconnects,
        double postsPerSecond,
        int pending,
        String lastError,
        Instant lastErrorAt,
        String lastOperationalMessage,
        Map<String, Object> details) {

    /** One stream: {@code state} waiting (back-off), connecting, streaming, paused (back-pressure) or stopped. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StreamStatus(
            String name,
            String state,
            Instant connectedSince,
            Instant lastDataAt,
            Instant nextAttemptAt,
            long connections) {}
}
