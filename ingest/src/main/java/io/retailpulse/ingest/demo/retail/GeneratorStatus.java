package io.retailpulse.ingest.demo.retail;

import java.time.Instant;

/**
 * Progress of the retail generator; {@code state} is idle, running, done, stopped or failed. {@code units} is
 * the sum of the quantities generated (to check downstream totals against).
 */
public record GeneratorStatus(
        String state,
        GeneratorRequest request,
        long generated,
        long units,
        long accepted,
        long duplicates,
        Instant startedAt,
        Instant finishedAt,
        String error) {

    public static GeneratorStatus idle() {
        return new GeneratorStatus("idle", null, 0, 0, 0, 0, null, null, null);
    }
}
