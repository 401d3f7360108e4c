package dev.tousei.assessment.messaging;

import dev.tousei.assessment.service.EvidenceApplier;
import dev.tousei.events.evidence.EvidenceRecorded;

/** One evidence-recorded record as consumed: its origin, raw value, trace, and the event when it could be read. */
record ConsumedEvidence(String topic, int partition, long offset, String key, byte[] value, String traceparent,
                        EvidenceRecorded event) {

    EvidenceApplier.TracedEvidence traced() {
        return new EvidenceApplier.TracedEvidence(event, traceparent);
    }
}
