package dev.tousei.notification.alert;

import dev.tousei.events.notification.AlertState;
import java.time.Instant;
import java.util.UUID;

/** An alert as stored: its identity, what it is about, where it stands in its life. */
public record Alert(
        UUID id,
        String fingerprint,
        AlertKind kind,
        String accountId,
        String controlId,
        String displayId,
        String frameworkId,
        String resourceId,
        String findingType,
        Severity severity,
        String title,
        String detail,
        AlertState state,
        boolean suppressed,
        String suppressedReason,
        int occurrences,
        int reopenCount,
        Instant firstSeenAt,
        Instant lastSeenAt,
        Instant raisedAt,
        Instant acknowledgedAt,
        String acknowledgedBy,
        Instant resolvedAt,
        String resolvedBy,
        String assignee) {
}
