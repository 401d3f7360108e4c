package dev.tousei.notification.messaging;

/** A record that can never be applied (unreadable, wrong type, missing ids): dead-lettered at once, not retried. */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }

    public PoisonEventException(String message) {
        super(message);
    }
}
