package dev.tousei.assessment.repository;

import dev.tousei.assessment.StatusTransition;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class StatusTransitionRepository implements PanacheRepositoryBase<StatusTransition, Long> {

    public Uni<List<StatusTransition>> timeline(String accountId, String controlId) {
        return list("accountId = ?1 and controlId = ?2 order by changedAt desc, id desc", accountId, controlId);
    }

    /** The last transition at or before {@code at} of every control (of one account, or all): the state then. */
    public Uni<List<StatusTransition>> asOf(Instant at, String accountId) {
        String accountFilter = accountId == null ? "" : " and t.accountId = :account";
        Parameters parameters = Parameters.with("at", at);
        if (accountId != null) {
            parameters.and("account", accountId);
        }
        return list("""
                from StatusTransition t where t.changedAt <= :at%s and t.id = (select max(u.id) from StatusTransition u
                    where u.accountId = t.accountId and u.controlId = t.controlId and u.changedAt <= :at)
                order by t.controlId, t.accountId""".formatted(accountFilter), parameters);
    }
}
