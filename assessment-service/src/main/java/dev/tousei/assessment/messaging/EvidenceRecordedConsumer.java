package dev.tousei.assessment.messaging;

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
 * exception in its headers; consumption continues.
 */
@ApplicationScoped
class EvidenceRecordedConsumer {

    private final EvidenceApplier applier;
    private final StatusEventRelay relay;
    private final AccountRepository accounts;
    private final AssessmentMetrics metrics;

    EvidenceRecordedConsumer(EvidenceApplier applier, StatusEventRelay relay, AccountRepository accounts,
                             AssessmentMetrics metrics) {
        this.applier = applier;
        this.relay = relay;
        this.accounts = accounts;
        this.metrics = metrics;
    }

    @Incoming("evidence-recorded")
    Uni<Void> onEvidenceRecorded(EvidenceRecorded evidence) {
        if (evidence == null || evidence.evidenceId() == null || evidence.accountId() == null) {
            throw new IllegalArgumentException("not an evidence-recorded event (no evidenceId or accountId)");
        }
        long started = System.nanoTime();
        return applier.apply(evidence)
                .invoke(changes -> {
                    accounts.registered(evidence.accountId()); // committed: apply's transaction has ended
                    metrics.evidenceApplied(started, !changes.isEmpty());
                    if (!changes.isEmpty()) {
                        relay.publishSoon();
                    }
                })
                .onFailure().invoke(failure -> Log.warnf(failure, "evidence %s could not be applied; dead-lettering it",
                        evidence.evidenceId()))
                .replaceWithVoid();
    }
}
