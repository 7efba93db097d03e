package io.retailpulse.ingest.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Answer to an upload. {@code errorsTruncated} is set when more errors occurred than are listed; every one
 * of them is on the dead-letter topic.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestResult(long accepted, long rejected, List<RowError> errors, Boolean errorsTruncated) {
}
