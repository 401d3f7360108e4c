package dev.tousei.evidence.service;

import dev.tousei.evidence.chain.ChainLink;

/** Evidence as committed: its chain link (which holds every stored fact), its hash and its raw event. */
public record StoredEvidence(ChainLink link, String hash, String raw) {
}
