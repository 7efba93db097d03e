package io.retailpulse.ingest.kafka;

/**
 * Kafka did not take a window. {@code confirmed} rows of the upload were handed on before; the rest were
 * not (their claims are released or, if Kafka could not be asked, left for recovery).
 */
public class PublishFailedException extends RuntimeException {
    private final long confirmed;

    public PublishFailedException(String message, long confirmed, Throwable cause) {
        super(message, cause);
        this.confirmed = confirmed;
    }

    public long confirmed() {
        return confirmed;
    }
}
