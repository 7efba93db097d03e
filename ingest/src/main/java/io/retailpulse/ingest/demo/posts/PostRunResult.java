package io.retailpulse.ingest.demo.posts;

import java.util.Map;

/**
 * Outcome of a post generation: how many posts went to feedback.raw (duplicates of an earlier run with the
 * same seed are not sent again), their sentiments, and how many came from the LLM or the offline generator
 * ({@code fallbacks}: LLM batches that failed and were written offline instead).
 */
public record PostRunResult(
        String mode,
        long requested,
        long accepted,
        long duplicates,
        Map<String, Long> sentiments,
        long fromLlm,
        long fromOffline,
        long fallbacks) {}
