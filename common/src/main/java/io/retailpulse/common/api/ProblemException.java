package io.retailpulse.common.api;

import java.util.List;

/** Thrown by resources to answer with a problem+json body; mapped by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String title;
    private final List<?> errors;
    private Integer retryAfterSeconds;

    public ProblemException(int status, String title, String detail, List<?> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail, null);
    }

    /** Adds a {@code Retry-After} header to the answer (for 503 and 429). */
    public ProblemException retryAfter(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Problem toProblem(String instance) {
        return new Problem("about:blank", title, status, getMessage(), instance, errors);
    }

    public int status() {
        return status;
    }
}
