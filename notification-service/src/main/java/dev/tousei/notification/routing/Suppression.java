package dev.tousei.notification.routing;

import dev.tousei.notification.alert.AlertSignal;
import java.time.Instant;
import java.util.UUID;

/** Alerts matching every non-null criterion are recorded but not sent until {@code expiresAt}. */
public record Suppression(UUID id, String accountId, String controlId, String resourceId, String findingType,
                          String reason, String owner, String createdBy, Instant createdAt, Instant expiresAt) {

    public boolean activeAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    public boolean matches(AlertSignal alert, Instant now) {
        return activeAt(now)
                && (accountId == null || accountId.equals(alert.accountId()))
                && (controlId == null || controlId.equals(alert.controlId()) || controlId.equals(alert.displayId()))
                && (resourceId == null || resourceId.equals(alert.resourceId()))
                && (findingType == null || findingType.equals(alert.findingType()));
    }
}
