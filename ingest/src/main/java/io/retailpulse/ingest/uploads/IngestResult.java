package io.retailpulse.ingest.uploads;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.retailpulse.ingest.platform.CapabilityApi;
import io.retailpulse.ingest.platform.csv.RowError;
import java.util.List;

/**
 * Answer to an upload. {@code accepted} counts valid rows the service took responsibility for;
 * {@code duplicates} (a part of them) had been handed on before and were not sent again.
 * {@code errorsTruncated} is set when more errors occurred than are listed; every one of them is on the
 * dead-letter topic. {@code spooled} (part of accepted) rows wait in the durable spool because Kafka was not
 * reachable; they are handed on, exactly once, when it is back.
 */
@CapabilityApi
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"accepted", "rejected", "errors", "duplicates", "errorsTruncated", "spooled"})
public record IngestResult(
        long accepted, long rejected, List<RowError> errors, Long duplicates, Boolean errorsTruncated, Long spooled) {

    /** The reasons of the listed errors (for the metrics), not part of the answer. */
    @JsonIgnore
    public List<String> reasons() {
        return errors.stream().map(RowError::reason).toList();
    }
}
