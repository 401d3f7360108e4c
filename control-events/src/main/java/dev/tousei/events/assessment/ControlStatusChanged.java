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
        Instant changedAt) {

    public static final String TYPE = "assessment.control-status-changed.v1";
}
