package dev.tousei.assessment.repository;

import dev.tousei.assessment.AttestationRow;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AttestationRepository implements PanacheRepositoryBase<AttestationRow, UUID> {

    /**
     * Attestations standing (not revoked) for these controls, for these accounts or for every account, newest first:
     * a superset of each pair's, filtered per control by the caller.
     */
    public Uni<List<AttestationRow>> standingForAny(Collection<String> controlIds, Collection<String> accountIds) {
        return list("controlId in ?1 and (accountId is null or accountId in ?2) and revokedAt is null "
                + "order by attestedAt desc", controlIds, accountIds);
    }

    public Uni<List<AttestationRow>> search(String controlId, String accountId) {
        if (controlId == null && accountId == null) {
            return list("order by createdAt desc");
        }
        if (controlId == null) {
            return list("accountId = ?1 order by createdAt desc", accountId);
        }
        if (accountId == null) {
            return list("controlId = ?1 order by createdAt desc", controlId);
        }
        return list("controlId = ?1 and accountId = ?2 order by createdAt desc", controlId, accountId);
    }
}
