package dev.tousei.evidence.chain;

import dev.tousei.events.evidence.ControlEffect;
import dev.tousei.events.evidence.EvidenceSummary;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Everything one evidence row's hash covers. The raw event enters as its SHA-256 so that the link stays small;
 * any change to the stored raw text still changes that digest.
 */
public record ChainLink(
        String accountId,
        long sequence,
        String prevHash,
        UUID evidenceId,
        String dedupKey,
        String sourceEventId,
        String detailType,
        String source,
        String region,
        Instant eventTime,
        Instant recordedAt,
        String rawSha256,
        EvidenceSummary summary,
        List<ControlEffect> effects) {

    /** The previous hash of an account's first evidence. */
    public static final String GENESIS = "0".repeat(64);
}
