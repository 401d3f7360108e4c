package dev.tousei.notification.alert;

import java.time.Instant;

/**
 * One input event asks for an alert: raised when new, counted when repeated, reopened when resolved before.
 *
 * @param sample a sample or canary finding: recorded, never sent
 * @param findingType the finding type (FINDING) for suppressions by finding type; null otherwise
 */
public record AlertSignal(
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
        boolean sample,
        String sourceEventId,
        Instant at) {
}
