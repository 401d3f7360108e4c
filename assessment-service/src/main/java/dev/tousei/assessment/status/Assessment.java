package dev.tousei.assessment.status;

import dev.tousei.events.assessment.ControlStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The status of one control in one account, why, and what it rests on.
 *
 * @param reason one or two short English sentences for a SOC analyst
 * @param evidenceIds the evidence behind the status
 * @param attestationIds the attestations behind the status
 * @param failedResources resources (or the account id, for the account itself) whose latest evidence fails the
 *     control; empty unless FAILED
 * @param evidenceAsOf event time of the newest evidence of any effect for the control in the account; null if none
 */
public record Assessment(
        ControlStatus status,
        String reason,
        List<UUID> evidenceIds,
        List<UUID> attestationIds,
        List<String> failedResources,
        Instant evidenceAsOf) {

    public Assessment {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        evidenceIds = evidenceIds == null ? List.of() : List.copyOf(evidenceIds);
        attestationIds = attestationIds == null ? List.of() : List.copyOf(attestationIds);
        failedResources = failedResources == null ? List.of() : List.copyOf(failedResources);
    }
}
