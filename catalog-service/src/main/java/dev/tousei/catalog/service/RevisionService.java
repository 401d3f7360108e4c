package dev.tousei.catalog.service;

import dev.tousei.catalog.AuditEntry;
import dev.tousei.catalog.CatalogRevision;
import dev.tousei.catalog.repository.AuditEntryRepository;
import dev.tousei.catalog.repository.CatalogRevisionRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The catalog's past: revisions, the audit trail, and any control as it was at any revision. */
@ApplicationScoped
public class RevisionService {

    private final CatalogRevisionRepository revisions;
    private final AuditEntryRepository auditEntries;

    RevisionService(CatalogRevisionRepository revisions, AuditEntryRepository auditEntries) {
        this.revisions = revisions;
        this.auditEntries = auditEntries;
    }

    @WithSession
    public Uni<Long> current() {
        return revisions.current();
    }

    @WithSession
    public Uni<List<CatalogRevision>> latest(int offset, int limit) {
        return revisions.latest(offset, limit);
    }

    @WithSession
    public Uni<CatalogRevision> get(long number) {
        return revisions.findById(number)
                .onItem().ifNull().failWith(() -> new ControlNotFoundException("revision " + number));
    }

    @WithSession
    public Uni<List<AuditEntry>> changesIn(long number) {
        return get(number).chain(() -> auditEntries.forRevision(number));
    }

    @WithSession
    public Uni<List<AuditEntry>> auditTrail(String controlId, int offset, int limit) {
        if (controlId != null) {
            return auditEntries.forControl(controlId);
        }
        return auditEntries.newestFirst(offset, limit);
    }

    /** The control's definition as of the revision; not found if it did not exist then (or had been deleted). */
    @WithSession
    public Uni<AuditEntry.VersionedDocument> controlAt(String controlId, long revision) {
        return get(revision)
                .chain(() -> auditEntries.lastChangeUpTo(controlId, revision))
                .map(change -> change == null ? null : change.after)
                .onItem().ifNull().failWith(() -> new ControlNotFoundException(
                        "control '" + controlId + "' at revision " + revision));
    }

    /** Every control that existed at the revision, with its definition then. */
    @WithSession
    public Uni<List<AuditEntry>> catalogAt(long revision) {
        return get(revision)
                .chain(() -> auditEntries.lastChangesUpTo(revision))
                .map(changes -> changes.stream().filter(change -> change.after != null).toList());
    }
}
