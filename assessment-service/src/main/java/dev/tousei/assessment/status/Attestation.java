package dev.tousei.assessment.status;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An auditor's statement that a control is met, valid from {@code attestedAt} (inclusive) until {@code expiresAt}
 * (exclusive).
 *
 * @param accountId the account it covers; null for every account
 */
public record Attestation(
        UUID id,
        String controlId,
        String accountId,
        String statement,
        String auditor,
        Instant attestedAt,
        Instant expiresAt) {

    public Attestation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(controlId, "controlId of attestation " + id);
        Objects.requireNonNull(attestedAt, "attestedAt of attestation " + id);
        Objects.requireNonNull(expiresAt, "expiresAt of attestation " + id);
        if (!expiresAt.isAfter(attestedAt)) {
            throw new IllegalArgumentException("attestation " + id + " expires (" + expiresAt
                    + ") before it is made (" + attestedAt + ")");
        }
    }

    /** Whether it speaks for this control in this account: its own, or one for every account. */
    public boolean covers(String controlId, String accountId) {
        return this.controlId.equals(controlId) && (this.accountId == null || this.accountId.equals(accountId));
    }

    public boolean isValidAt(Instant instant) {
        return !attestedAt.isAfter(instant) && instant.isBefore(expiresAt);
    }

    public boolean isExpiredAt(Instant instant) {
        return !instant.isBefore(expiresAt);
    }
}
