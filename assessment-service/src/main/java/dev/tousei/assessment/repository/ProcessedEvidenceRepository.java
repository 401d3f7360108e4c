package dev.tousei.assessment.repository;

import dev.tousei.assessment.ProcessedEvidence;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

@ApplicationScoped
public class ProcessedEvidenceRepository implements PanacheRepositoryBase<ProcessedEvidence, UUID> {

    /** @return true when this call recorded the evidence, false when it had been applied before */
    public Uni<Boolean> markProcessed(UUID evidenceId, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into processed_evidence (evidence_id, processed_at) values (?1, ?2) on conflict do nothing")
                .setParameter(1, evidenceId)
                .setParameter(2, at.atOffset(ZoneOffset.UTC))
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
