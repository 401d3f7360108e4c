package dev.tousei.events.evidence;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One AWS event was stored as evidence. Published on {@link #TYPE}, keyed by AWS account id so that one account's
 * evidence stays in order. {@code sequence} and {@code hash} place it in the account's hash chain.
 *
 * @param sourceEventId the EventBridge envelope id (or the CloudTrail eventID the envelope was built from)
 * @param effects what the evidence proves or breaks, per control; empty when no rule matched
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvidenceRecorded(
        UUID evidenceId,
        String accountId,
        long sequence,
        String hash,
        String sourceEventId,
        String detailType,
        String source,
        String region,
        Instant eventTime,
        Instant recordedAt,
        EvidenceSummary summary,
        List<ControlEffect> effects) {

    public static final String TYPE = "evidence.evidence-recorded.v1";
}
