package dev.tousei.notification.alert;

/** What raised an alert. */
public enum AlertKind {
    /** A control's status became FAILED (or evidence broke it and asked for an alert). */
    CONTROL_FAILED,
    /** A high or critical control's evidence went stale. */
    CONTROL_STALE,
    /** A detection finding (GuardDuty, Security Hub) flagged alert or incident. */
    FINDING
}
