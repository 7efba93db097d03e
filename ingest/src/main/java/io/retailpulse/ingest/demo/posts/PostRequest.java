package io.retailpulse.ingest.demo.posts;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/** Generate {@code count} posts (default 100, at most 10,000); {@code mode} offline (default) or llm. */
// Bound with treeToValue and read by JsonFields (record components), not as a REST parameter: native needs it.
@RegisterForReflection
public record PostRequest(
        @Min(value = 1, message = "count must be between 1 and 10000")
        @Max(value = 10_000, message = "count must be between 1 and 10000")
        Integer count,

        Long seed,

        @Pattern(regexp = "offline|llm", message = "mode must be offline or llm")
        String mode) {
    public static final String OFFLINE = "offline";
    public static final String LLM = "llm";

    /** The request (its constraints already checked by the resource) with defaults filled in. */
    public PostRequest normalised() {
        return new PostRequest(count == null ? 100 : count, seed == null ? 7L : seed, mode == null ? OFFLINE : mode);
    }
}
