package dev.tousei.evidence.service;

/**
 * One record of the inbound topic, as much of it as the pipeline needs (and the dead letter keeps).
 *
 * @param traceparent the W3C trace context of the record's consumer span, stored with its evidence; null if untraced
 */
public record InboundRecord(String key, byte[] value, String topic, int partition, long offset, String traceparent) {
}
