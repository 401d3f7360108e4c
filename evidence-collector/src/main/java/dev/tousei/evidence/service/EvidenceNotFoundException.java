package dev.tousei.evidence.service;

public class EvidenceNotFoundException extends RuntimeException {

    public EvidenceNotFoundException(String what) {
        super(what + " was not found");
    }
}
