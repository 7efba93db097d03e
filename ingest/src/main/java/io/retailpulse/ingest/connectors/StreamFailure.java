package io.retailpulse.ingest.connectors;

import io.vertx.core.MultiMap;

/**
 * Why a stream (or its preparation) failed, classified the way the back-off needs it: network-level (refused,
 * reset, ended, stalled), an HTTP error, or a 429.
 */
public final class StreamFailure extends RuntimeException {
    private final ReconnectBackoff.Kind kind;
    private final int status;
    private final transient MultiMap headers;
    private final String reason;

    private StreamFailure(ReconnectBackoff.Kind kind, int status, MultiMap headers, String reason, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.headers = headers;
        this.reason = reason;
    }

    public static StreamFailure network(Throwable cause) {
        if (cause instanceof StreamFailure f) {
            return f;
        }
        return new StreamFailure(
                ReconnectBackoff.Kind.NETWORK,
                0,
                null,
                "network",
                "network error: "
                        + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
    }

    public static StreamFailure ended(String message) {
        return new StreamFailure(ReconnectBackoff.Kind.NETWORK, 0, null, "network", message);
    }

    public static StreamFailure stall(String message) {
        return new StreamFailure(ReconnectBackoff.Kind.NETWORK, 0, null, "stall", message);
    }

    public static StreamFailure http(int status, MultiMap headers, String message) {
        boolean limited = status == 429;
        return new StreamFailure(
                limited ? ReconnectBackoff.Kind.RATE_LIMIT : ReconnectBackoff.Kind.HTTP,
                status,
                headers,
                limited ? "rate-limit" : "http",
                "HTTP " + status + " " + message);
    }

    public ReconnectBackoff.Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public MultiMap headers() {
        return headers == null ? MultiMap.caseInsensitiveMultiMap() : headers;
    }

    /** The metric tag: network, stall, http or rate-limit. */
    public String reason() {
        return reason;
    }
}
