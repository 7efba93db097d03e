package io.retailpulse.ingest.domain;

/**
 * What became of one window: {@code published} rows are on the topic now, {@code duplicates} were handed on
 * before (or repeat an id of the same window), {@code inDoubt} are being decided by another window.
 */
public record WindowResult(long published, long duplicates, long inDoubt) {
}
