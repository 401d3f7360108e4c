package dev.tousei.assessment.status;

import dev.tousei.events.assessment.ControlStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/**
 * The latest PASS or FAIL evidence for one resource (or the account itself) of one control.
 *
 * @param status PASSED or FAILED only
 */
public record ResourceFinding(ControlStatus status, UUID evidenceId, Instant eventTime, long sequence, String reason) {

    /** Evidence order: event time, then the account chain sequence; for one evidence, a FAIL outranks a PASS. */
    static final Comparator<ResourceFinding> ORDER = Comparator.comparing(ResourceFinding::eventTime)
            .thenComparingLong(ResourceFinding::sequence)
            .thenComparing(finding -> finding.status() == ControlStatus.FAILED);

    public ResourceFinding {
        Objects.requireNonNull(status, "status");
        if (status != ControlStatus.PASSED && status != ControlStatus.FAILED) {
            throw new IllegalArgumentException("a resource finding is PASSED or FAILED, not " + status);
        }
        Objects.requireNonNull(evidenceId, "evidenceId");
        Objects.requireNonNull(eventTime, "eventTime");
    }

    /** Whether this finding replaces {@code earlier} for the same resource. */
    public boolean supersedes(ResourceFinding earlier) {
        return ORDER.compare(this, earlier) > 0;
    }
}
