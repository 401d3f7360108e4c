package dev.tousei.catalog.service;

import java.util.List;

/** Well-formed input that breaks a catalog rule (unknown framework, bad freshness window, invalid event pattern). */
public class InvalidControlException extends RuntimeException {

    private final List<String> violations;

    public InvalidControlException(List<String> violations) {
        super(String.join("; ", violations));
        this.violations = List.copyOf(violations);
    }

    public List<String> violations() {
        return violations;
    }
}
