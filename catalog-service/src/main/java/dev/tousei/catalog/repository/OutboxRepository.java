package dev.tousei.catalog.repository;

import dev.tousei.catalog.OutboxEvent;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEvent, Long> {

    /** The oldest unpublished events, locked so that a second relay (another replica) waits rather than re-sends. */
    public Uni<List<OutboxEvent>> lockPending(int limit) {
        return find("publishedAt is null order by seq").withLock(LockModeType.PESSIMISTIC_WRITE)
                .range(0, limit - 1).list();
    }
}
