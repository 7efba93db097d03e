package io.retailpulse.ingest.platform;

import io.retailpulse.common.api.ProblemException;

/** Problem answers shared by the upload endpoints. */
public final class Problems {
    /** Seconds a client should wait before sending again after a 503. */
    public static final int RETRY_AFTER_SECONDS = 30;

    private Problems() {}

    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, "Service Unavailable", detail, null).retryAfter(RETRY_AFTER_SECONDS);
    }
}
