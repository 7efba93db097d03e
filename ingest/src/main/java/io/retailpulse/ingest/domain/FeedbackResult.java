package io.retailpulse.ingest.domain;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * Answer of the feedback API. {@code ids} are the event ids of the accepted items in request order;
 * {@code duplicates} of them had been received before (same source and externalId) and were not sent again.
 */
@JsonPropertyOrder({"accepted", "rejected", "ids", "errors", "duplicates"})
public record FeedbackResult(long accepted, long rejected, List<String> ids, List<ItemError> errors,
        long duplicates) {

    /** Why the item at {@code index} (0-based, in request order) was rejected. */
    public record ItemError(int index, String reason) {
    }
}
