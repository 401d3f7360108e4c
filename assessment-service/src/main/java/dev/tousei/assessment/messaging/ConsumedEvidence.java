package dev.tousei.assessment.messaging;

import dev.tousei.events.evidence.EvidenceRecorded;

/** One evidence-recorded record as consumed: its origin, raw value, and the event when it could be read. */
record ConsumedEvidence(String topic, int partition, long offset, String key, byte[] value, EvidenceRecorded event) {
}
