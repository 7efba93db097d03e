package io.retailpulse.common.events;

/**
 * Headers of a dead-letter record. The names match SmallRye Reactive Messaging's own dead-letter queue, so
 * records rejected by our validation and records rejected by the connector read the same way.
 */
public final class DeadLetterHeaders {
    /** Human-readable reason the record was rejected. */
    public static final String REASON = "dead-letter-reason";
    /** Where the record came from, e.g. {@code csv:transactions} or the source topic. */
    public static final String SOURCE = "dead-letter-source";
    /** 1-based line of the rejected row in an uploaded file, when there is one. */
    public static final String LINE = "dead-letter-line";
    /**
     * Size in bytes of the rejected input when the record carries only its beginning (a dead letter keeps at most
     * 64 KiB of it); absent when the value is the whole input.
     */
    public static final String ORIGINAL_BYTES = "dead-letter-original-bytes";

    private DeadLetterHeaders() {}
}
