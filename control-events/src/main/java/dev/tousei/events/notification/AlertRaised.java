package dev.tousei.events.notification;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * An alert was raised (or reopened) and is being sent to people. Published on {@link #TYPE} as a CloudEvent (Kafka,
 * key {@code fingerprint}). Repeats of an open alert and suppressed alerts are not published.
 *
 * @param fingerprint {@code control:<accountId>/<controlId>/<resourceId|*>} or {@code finding:<findingId>}
 * @param kind what raised it: CONTROL_FAILED, CONTROL_STALE or FINDING
 * @param severity CRITICAL, HIGH, MEDIUM, LOW or INFORMATIONAL
 * @param reopened true when a resolved alert with the same fingerprint came back
 * @param sourceEventId the status-changed event id or the evidence id that raised it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertRaised(
        UUID eventId,
        UUID alertId,
        String fingerprint,
        String kind,
        String accountId,
        String controlId,
        String displayId,
        String frameworkId,
        String resourceId,
        String findingType,
        String severity,
        String title,
        String detail,
        boolean reopened,
        int occurrences,
        String sourceEventId,
        Instant raisedAt) {

    public static final String TYPE = "notification.alert-raised.v1";
}
