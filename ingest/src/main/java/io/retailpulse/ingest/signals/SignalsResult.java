package io.retailpulse.ingest.signals;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Answer of {@code POST /api/v1/signals}, the shape of the other uploads: {@code errors} list line (the CSV
 * header is line 1; for JSON the line the item starts on) and reason, and for JSON the item's 0-based index.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"accepted", "rejected", "errors", "errorsTruncated"})
public record SignalsResult(long accepted, long rejected, List<RowError> errors, Boolean errorsTruncated) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"line", "item", "reason"})
    public record RowError(long line, Integer item, String reason) {}
}
