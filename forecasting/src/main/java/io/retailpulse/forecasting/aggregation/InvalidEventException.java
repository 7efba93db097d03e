package io.retailpulse.forecasting.aggregation;

/** A record that cannot be read as the topic's event; its message is the dead letter's reason. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String reason) {
        super(reason);
    }
}
