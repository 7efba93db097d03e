package io.retailpulse.ingest.demo.posts;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Generate {@code count} posts (default 100, at most 10,000); {@code mode} offline (default) or llm. */
// Bound with treeToValue and read by JsonFields (record components), not as a REST parameter: native needs it.
@RegisterForReflection
public record PostRequest(Integer count, Long seed, String mode) {
    public static final String OFFLINE = "offline";
    public static final String LLM = "llm";

    public PostRequest normalised() {
        int c = count == null ? 100 : count;
        if (c < 1 || c > 10_000) {
            throw new IllegalArgumentException("count must be between 1 and 10000");
        }
        String m = mode == null ? OFFLINE : mode;
        if (!m.equals(OFFLINE) && !m.equals(LLM)) {
            throw new IllegalArgumentException("mode must be offline or llm");
        }
        return new PostRequest(c, seed == null ? 7L : seed, m);
    }
}
