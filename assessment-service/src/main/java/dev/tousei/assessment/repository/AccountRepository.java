package dev.tousei.assessment.repository;

import dev.tousei.assessment.AccountRow;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<AccountRow, String> {

    /** Accounts known to be stored: registering them again is a round trip per evidence for nothing. */
    private final Set<String> stored = ConcurrentHashMap.newKeySet();

    /** Registers the account if it is new; concurrent first sightings do not collide. */
    public Uni<Void> register(String accountId, Instant at) {
        if (stored.contains(accountId)) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into account (account_id, first_seen) values (?1, ?2) on conflict do nothing")
                .setParameter(1, accountId)
                .setParameter(2, at.atOffset(ZoneOffset.UTC))
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Called once the transaction that registered the account has committed. */
    public void registered(String accountId) {
        stored.add(accountId);
    }
}
