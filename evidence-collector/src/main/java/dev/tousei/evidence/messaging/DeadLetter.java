package dev.tousei.evidence.messaging;

/**
 * A record that cannot become evidence, and why.
 *
 * @param reason a stable code (e.g. MALFORMED_JSON, OVERSIZE, INVALID_ACCOUNT)
 */
public record DeadLetter(String key, byte[] value, String topic, int partition, long offset, String reason,
                         String detail) {
}
