package dev.tousei.evidence.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tousei.events.evidence.ControlEffect;
import dev.tousei.events.evidence.EvidenceSummary;
import dev.tousei.evidence.chain.ChainLink;
import dev.tousei.evidence.service.StoredEvidence;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Evidence as served; {@code raw} (the AWS event as received) only when one evidence is asked for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvidenceView(UUID id, String accountId, long sequence, String hash, String prevHash,
                           String sourceEventId, String detailType, String source, String region, Instant eventTime,
                           Instant recordedAt, EvidenceSummary summary, List<ControlEffect> effects, JsonNode raw) {

    static EvidenceView of(StoredEvidence stored, JsonNode raw) {
        ChainLink link = stored.link();
        return new EvidenceView(link.evidenceId(), link.accountId(), link.sequence(), stored.hash(), link.prevHash(),
                link.sourceEventId(), link.detailType(), link.source(), link.region(), link.eventTime(),
                link.recordedAt(), link.summary(), link.effects(), raw);
    }
}
