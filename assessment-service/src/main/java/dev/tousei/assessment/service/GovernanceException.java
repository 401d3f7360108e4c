package dev.tousei.assessment.service;

/** A governance request that cannot be carried out: 404 (unknown), 409 or 422 (semantically invalid). */
public class GovernanceException extends RuntimeException {

    private final int status;

    public GovernanceException(int status, String detail) {
        super(detail);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
