package dev.tousei.events.notification;

/** The life of an alert: raised OPEN, ACKNOWLEDGED by an analyst, RESOLVED by hand or when the control passes. */
public enum AlertState {
    OPEN,
    ACKNOWLEDGED,
    RESOLVED
}
