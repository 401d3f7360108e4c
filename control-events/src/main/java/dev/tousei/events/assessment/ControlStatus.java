package dev.tousei.events.assessment;

/** The status of one control for one AWS account (or one resource inside it). */
public enum ControlStatus {
    PASSED,
    FAILED,
    /** No evidence and no attestation yet. */
    INSUFFICIENT_DATA,
    /** The newest evidence or attestation is older than the control's freshness window. */
    STALE,
    /** Declared not applicable by an admin, with a reason. */
    NOT_APPLICABLE
}
