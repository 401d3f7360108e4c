package dev.tousei.assessment.repository;

import dev.tousei.assessment.ProcessedEvidence;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
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

    /**
     * Records a batch of evidence in one statement.
     *
     * @return the ids this call recorded; those missing had been applied before
     */
    public Uni<Set<UUID>> markProcessed(Collection<UUID> evidenceIds, Instant at) {
        if (evidenceIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        StringBuilder sql = new StringBuilder("insert into processed_evidence (evidence_id, processed_at) values ");
        int parameter = 2;
        for (int i = 0; i < evidenceIds.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?").append(parameter++).append(", ?1)");
        }
        sql.append(" on conflict do nothing returning evidence_id");
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql.toString(), UUID.class).setParameter(1, at.atOffset(ZoneOffset.UTC));
            int position = 2;
            for (UUID id : evidenceIds) {
                query.setParameter(position++, id);
            }
            return query.getResultList();
        }).map(HashSet::new);
    }
}
