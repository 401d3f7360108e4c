package dev.tousei.assessment.export;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One control's current status in one account, with what the catalog copy says of the control: one line of an
 * auditor export.
 *
 * @param displayId the id as the framework writes it (e.g. {@code SEC4-1}, {@code 統1}); the control id when the
 *     control is no longer in the catalog copy
 * @param assessmentMode AUTOMATED, ATTESTATION or BOTH; null when unknown
 */
public record AssessedControl(String frameworkId, String controlId, String displayId, String titleJa, String titleEn,
                              String assessmentMode, String accountId, String status, String reason, Instant since,
                              List<UUID> evidenceIds, List<UUID> attestationIds, List<String> failedResources) {

    public AssessedControl {
        evidenceIds = evidenceIds == null ? List.of() : List.copyOf(evidenceIds);
        attestationIds = attestationIds == null ? List.of() : List.copyOf(attestationIds);
        failedResources = failedResources == null ? List.of() : List.copyOf(failedResources);
    }
}
