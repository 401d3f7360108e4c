package dev.tousei.evidence.service;

import dev.tousei.evidence.chain.ChainLink;

/**
 * Evidence as committed: its chain link (which holds every stored fact), its hash, its raw event and the trace context
 * its announcement continues (null if untraced).
 */
public record StoredEvidence(ChainLink link, String hash, String raw, String traceparent) {
}
