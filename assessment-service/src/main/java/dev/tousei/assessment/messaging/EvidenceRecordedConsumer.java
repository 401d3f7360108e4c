package dev.tousei.assessment.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tousei.assessment.metrics.AssessmentMetrics;
import dev.tousei.assessment.repository.AccountRepository;
import dev.tousei.assessment.service.EvidenceApplier;
import dev.tousei.events.evidence.EvidenceRecorded;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@value EvidenceRecorded#TYPE}. A record that cannot be read or applied goes to
 * {@code dlq.assessment-service.evidence.evidence-recorded.v1} (SmallRye's dead-letter-queue strategy) with the
 * reason in its headers; consumption continues. The value arrives as text and is read here, so a dead letter carries
 * the record exactly as received (a deserialised payload would be written back re-serialised, without what did not fit
 * the record type).
 */
@ApplicationScoped
class EvidenceRecordedConsumer {

    private final EvidenceApplier applier;
    private final StatusEventRelay relay;
    private final AccountRepository accounts;
    private final AssessmentMetrics metrics;
    private final ObjectMapper objectMapper;

    EvidenceRecordedConsumer(EvidenceApplier applier, StatusEventRelay relay, AccountRepository accounts,
                             AssessmentMetrics metrics, ObjectMapper objectMapper) {
        this.applier = applier;
        this.relay = relay;
        this.accounts = accounts;
        this.metrics = metrics;
        this.objectMapper = objectMapper;
    }

    @Incoming("evidence-recorded")
    Uni<Void> onEvidenceRecorded(String json) {
        long started = System.nanoTime();
        // a failed Uni (not a thrown exception) nacks the record: dead-lettered without an ERROR stack trace
        return Uni.createFrom().item(() -> read(json)).chain(evidence -> applier.apply(evidence)
                .invoke(changes -> {
                    accounts.registered(evidence.accountId()); // committed: apply's transaction has ended
                    metrics.evidenceApplied(started, !changes.isEmpty());
                    if (!changes.isEmpty()) {
                        relay.publishSoon();
                    }
                })
                .onFailure().invoke(failure -> Log.warnf(failure, "evidence %s could not be applied; dead-lettering it",
                        evidence.evidenceId())))
                .replaceWithVoid();
    }

    private EvidenceRecorded read(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("not an evidence-recorded event (empty record)");
        }
        EvidenceRecorded evidence;
        try {
            evidence = objectMapper.readValue(json, EvidenceRecorded.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an evidence-recorded event: " + e.getOriginalMessage(), e);
        }
        if (evidence == null || evidence.evidenceId() == null || evidence.accountId() == null) {
            throw new IllegalArgumentException("not an evidence-recorded event (no evidenceId or accountId)");
        }
        return evidence;
    }
}
