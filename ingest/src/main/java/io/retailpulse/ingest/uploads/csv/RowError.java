package io.retailpulse.ingest.uploads.csv;

/** Why one line of an upload was rejected; {@code line} is 1-based and counts the header. */
public record RowError(long line, String reason) {}
