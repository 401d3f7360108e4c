package dev.tousei.catalog.rest;

import dev.tousei.catalog.AuditEntry;
import dev.tousei.catalog.CatalogRevision;
import dev.tousei.catalog.service.RevisionService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;

@Path("/api/v1")
@Authenticated
public class RevisionResource {

    private final RevisionService revisions;

    RevisionResource(RevisionService revisions) {
        this.revisions = revisions;
    }

    @GET
    @Path("revisions")
    @RolesAllowed(Roles.VIEWER)
    public Uni<RevisionList> list(@QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
                                  @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return revisions.current().chain(current -> revisions.latest(offset, limit)
                .map(found -> new RevisionList(current, found.stream().map(RevisionView::of).toList())));
    }

    /** One revision with the changes it made. */
    @GET
    @Path("revisions/{number}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<RevisionDetail> get(@PathParam("number") @Min(1) long number) {
        return revisions.get(number).chain(revision -> revisions.changesIn(number)
                .map(changes -> new RevisionDetail(RevisionView.of(revision),
                        changes.stream().map(AuditEntryView::of).toList())));
    }

    /** The whole catalog as it was at a past revision. */
    @GET
    @Path("revisions/{number}/controls")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<ControlView>> controlsAt(@PathParam("number") @Min(1) long number) {
        return revisions.catalogAt(number).map(changes -> changes.stream()
                .map(change -> new ControlView(change.controlId, change.after.version(), change.after.document()))
                .toList());
    }

    /** One control as it was at a past revision. */
    @GET
    @Path("revisions/{number}/controls/{id}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<ControlView> controlAt(@PathParam("number") @Min(1) long number,
                                      @PathParam("id") @Size(max = 64) String id) {
        return revisions.controlAt(id, number)
                .map(state -> new ControlView(id, state.version(), state.document()));
    }

    /** The audit trail, newest first: of one control, or of the whole catalog. */
    @GET
    @Path("audit")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<AuditEntryView>> audit(@QueryParam("controlId") @Size(max = 64) String controlId,
                                           @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
                                           @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return revisions.auditTrail(controlId, offset, limit)
                .map(entries -> entries.stream().map(AuditEntryView::of).toList());
    }

    public record RevisionList(long current, List<RevisionView> revisions) {
    }

    public record RevisionView(long number, Instant createdAt, String actor, String description) {
        static RevisionView of(CatalogRevision revision) {
            return new RevisionView(revision.number, revision.createdAt, revision.actor, revision.description);
        }
    }

    public record RevisionDetail(RevisionView revision, List<AuditEntryView> changes) {
    }

    public record AuditEntryView(long id, long revision, String controlId, AuditEntry.Action action, String actor,
                                 Instant at, AuditEntry.VersionedDocument before, AuditEntry.VersionedDocument after) {
        static AuditEntryView of(AuditEntry entry) {
            return new AuditEntryView(entry.id, entry.revision, entry.controlId, entry.action, entry.actor, entry.at,
                    entry.before, entry.after);
        }
    }
}
