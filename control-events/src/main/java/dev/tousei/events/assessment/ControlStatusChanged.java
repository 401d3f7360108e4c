package dev.tousei.events.assessment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A control's status changed for an AWS account. Published on {@link #TYPE} as a CloudEvent (Kafka, key
 * {@code <accountId>/<controlId>}) and to Amazon EventBridge (DetailType {@link #TYPE}).
 *
 * @param previousStatus null for the first status ever computed
 * @param evidenceIds the evidence behind the new status (evidence-collector ids)
 * @param attestationIds the attestations behind the new status
 * @param failedResources resources whose latest evidence fails the control (empty unless FAILED)
 * @param changedAt when assessment-service changed the status
 * @param observedAt when what caused the change happened: the AWS event time of the evidence that changed it, or
 *                   {@code changedAt} when a person (attestation, not-applicable) or the clock (staleness) did. Consumers
 *                   that see the same control's facts on other paths (notification-service also reads evidence)
 *                   order them by it; null from publishers older than this field
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ControlStatusChanged(
        UUID eventId,
        String accountId,
        String controlId,
        String displayId,
        String frameworkId,
        ControlStatus previousStatus,
        ControlStatus status,
        String severity,
        String reason,
        List<UUID> evidenceIds,
        List<UUID> attestationIds,
        List<String> failedResources,
        Instant changedAt,
        Instant observedAt) {

    public static final String TYPE = "assessment.control-status-changed.v1";
}
