package io.retailpulse.ingest.feedback;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.retailpulse.ingest.platform.ItemError;
import java.util.List;

/**
 * Answer of the feedback API. {@code ids} are the event ids of the accepted items in request order;
 * {@code duplicates} of them had been received before (same source and externalId) and were not sent again.
 */
@JsonPropertyOrder({"accepted", "rejected", "ids", "errors", "duplicates"})
public record FeedbackResult(long accepted, long rejected, List<String> ids, List<ItemError> errors, long duplicates) {}
