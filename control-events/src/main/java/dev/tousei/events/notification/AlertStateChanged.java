package dev.tousei.events.notification;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * An alert moved between states: acknowledged or resolved by a person, resolved automatically when its control passed,
 * or reopened when it failed again. Published on {@link #TYPE} as a CloudEvent (Kafka, key {@code fingerprint}).
 *
 * @param previousState null never: an alert is born OPEN (see {@link AlertRaised})
 * @param changedBy the user's name, or {@code system} for automatic changes
 * @param reason the comment given, or why the system changed it (e.g. "control passed")
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertStateChanged(
        UUID eventId,
        UUID alertId,
        String fingerprint,
        String accountId,
        String controlId,
        String severity,
        AlertState previousState,
        AlertState state,
        String changedBy,
        String reason,
        Instant changedAt) {

    public static final String TYPE = "notification.alert-state-changed.v1";
}
