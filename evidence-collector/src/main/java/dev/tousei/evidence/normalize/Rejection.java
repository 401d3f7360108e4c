package dev.tousei.evidence.normalize;

/**
 * A record value that was refused, with a short detail for the dead-letter headers and logs. The detail never
 * echoes more than a few dozen characters of the input.
 */
public record Rejection(RejectionReason reason, String detail) implements ValidationResult {
}
