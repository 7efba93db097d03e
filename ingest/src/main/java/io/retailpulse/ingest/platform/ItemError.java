package io.retailpulse.ingest.platform;

/** Why the item at {@code index} (0-based, in request order) of a JSON import was rejected. */
public record ItemError(int index, String reason) {}
