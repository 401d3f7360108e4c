package dev.tousei.assessment.status;

import java.time.Instant;
import java.util.Objects;

/**
 * An admin's declaration that a control does not apply to an account (e.g. no on-premises link to review).
 *
 * @param accountId the account it covers
 */
public record NotApplicable(
        String controlId,
        String accountId,
        String reason,
        String declaredBy,
        Instant declaredAt) {

    public NotApplicable {
        Objects.requireNonNull(controlId, "controlId");
    }
}
