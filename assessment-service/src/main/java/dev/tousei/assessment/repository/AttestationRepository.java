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

    /** Unrevoked attestations of the control for this account or for every account. */
    public Uni<List<AttestationRow>> standingFor(String controlId, String accountId) {
        return list("controlId = ?1 and (accountId is null or accountId = ?2) and revokedAt is null "
                + "order by attestedAt desc", controlId, accountId);
    }

    /** {@link #standingFor} of every pair of these controls and accounts (and more: filter per control). */
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
