package io.retailpulse.ingest.platform.csv;

/** Why one line of an upload was rejected; {@code line} is 1-based and counts the header. */
public record RowError(long line, String reason) {}
