package dev.tousei.assessment.repository;

import dev.tousei.assessment.OutboxEvent;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;

@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEvent, Long> {

    public Uni<List<OutboxEvent>> lockPending(int limit) {
        return find("publishedAt is null order by seq").withLock(LockModeType.PESSIMISTIC_WRITE)
                .range(0, limit - 1).list();
    }
}
