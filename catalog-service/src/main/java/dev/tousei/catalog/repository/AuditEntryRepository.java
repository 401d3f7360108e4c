package dev.tousei.catalog.repository;

import dev.tousei.catalog.AuditEntry;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class AuditEntryRepository implements PanacheRepositoryBase<AuditEntry, Long> {

    public Uni<List<AuditEntry>> forControl(String controlId) {
        return list("controlId = ?1 order by revision desc, id desc", controlId);
    }

    public Uni<List<AuditEntry>> forRevision(long revision) {
        return list("revision = ?1 order by id", revision);
    }

    public Uni<List<AuditEntry>> newestFirst(int offset, int limit) {
        return find("order by revision desc, id desc").range(offset, offset + limit - 1).list();
    }

    /** The last change of one control made at or before a revision: its state as of that revision. */
    public Uni<AuditEntry> lastChangeUpTo(String controlId, long revision) {
        return find("controlId = ?1 and revision <= ?2 order by revision desc, id desc", controlId, revision)
                .firstResult();
    }

    /** The last change of every control made at or before a revision. */
    public Uni<List<AuditEntry>> lastChangesUpTo(long revision) {
        return list("""
                from AuditEntry a where a.revision <= :revision and a.id = (select max(b.id) from AuditEntry b
                    where b.controlId = a.controlId and b.revision <= :revision)
                order by a.controlId""", Parameters.with("revision", revision));
    }
}
