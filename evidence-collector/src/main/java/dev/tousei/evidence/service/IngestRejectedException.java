package dev.tousei.evidence.service;

/** The request body cannot be split into envelopes at all (not JSON, not a log file). */
public class IngestRejectedException extends RuntimeException {

    public IngestRejectedException(String detail) {
        super(detail);
    }
}
