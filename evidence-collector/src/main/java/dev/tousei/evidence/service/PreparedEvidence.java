package dev.tousei.evidence.service;

import dev.tousei.events.evidence.ControlEffect;
import dev.tousei.events.evidence.EvidenceSummary;
import java.time.Instant;
import java.util.List;

/**
 * One accepted event, normalised and linked to controls, ready to be chained and stored.
 *
 * @param traceparent the trace context of the Kafka record it came from (see {@code TraceParent}); null if untraced
 */
public record PreparedEvidence(
        String accountId,
        String dedupKey,
        String sourceEventId,
        String detailType,
        String source,
        String region,
        Instant eventTime,
        String raw,
        EvidenceSummary summary,
        List<ControlEffect> effects,
        String traceparent) {

    public List<String> controlIds() {
        return effects.stream().map(ControlEffect::controlId).distinct().sorted().toList();
    }
}
