package dev.tousei.notification.alert;

import java.time.Instant;

/**
 * A control is no longer failing for an account: its open control alerts are resolved by the system.
 * Only alerts last seen before {@code at} are resolved: evidence that failed the control again after the status event
 * was computed keeps its alert open.
 */
public record ClearSignal(
        String accountId,
        String controlId,
        String reason,
        String sourceEventId,
        Instant at) {
}
