package io.retailpulse.stack;

/** A failure of the local stack whose message is meant for the person at the terminal. */
public class StackException extends RuntimeException {
    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
