package dev.tousei.notification.service;

/** A request the service refuses, with its HTTP status: 404 not found, 409 illegal state, 422 semantically invalid. */
public class NotificationException extends RuntimeException {

    private final int status;

    public NotificationException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static NotificationException notFound(String what, Object id) {
        return new NotificationException(404, what + " " + id + " does not exist");
    }

    public static NotificationException conflict(String message) {
        return new NotificationException(409, message);
    }

    public static NotificationException invalid(String message) {
        return new NotificationException(422, message);
    }
}
