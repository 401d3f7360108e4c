package dev.tousei.evidence.normalize;

import dev.tousei.events.evidence.EvidenceSummary;

/**
 * What the collector keeps of one envelope besides the envelope itself.
 *
 * @param dedupKey {@code cloudtrail:<eventID>} for events built from a CloudTrail record (the same record arriving
 *     in two envelopes, e.g. live from EventBridge and again from the S3 log file, is one piece of evidence),
 *     otherwise {@code envelope:<id>}
 */
public record NormalizedEvent(String dedupKey, EvidenceSummary summary) {
}
