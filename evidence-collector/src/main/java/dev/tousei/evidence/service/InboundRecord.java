package dev.tousei.evidence.service;

/** One record of the inbound topic, as much of it as the pipeline needs (and the dead letter keeps). */
public record InboundRecord(String key, byte[] value, String topic, int partition, long offset) {
}
