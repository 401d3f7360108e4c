package dev.tousei.catalog.rest;

import dev.tousei.catalog.mapping.ControlMapper;
import dev.tousei.catalog.rest.FrameworkResource.FrameworkView;
import dev.tousei.catalog.service.CatalogSnapshotService;
import dev.tousei.events.catalog.ControlSnapshot;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;

@Path("/api/v1/catalog")
@Authenticated
public class CatalogSnapshotResource {

    private final CatalogSnapshotService snapshots;

    CatalogSnapshotResource(CatalogSnapshotService snapshots) {
        this.snapshots = snapshots;
    }

    /**
     * The current catalog as the services need it (the same shape as the control-changed events), with the revision
     * it was read at.
     */
    @GET
    @RolesAllowed(Roles.VIEWER)
    public Uni<CatalogSnapshotView> current() {
        return snapshots.current().map(snapshot -> new CatalogSnapshotView(snapshot.revision(),
                snapshot.frameworks().stream().map(FrameworkView::of).toList(),
                snapshot.controls().stream()
                        .map(control -> ControlMapper.toSnapshot(control.id, control.version, control.document,
                                snapshot.configRulesOf(control.id)))
                        .toList()));
    }

    public record CatalogSnapshotView(long revision, List<FrameworkView> frameworks, List<ControlSnapshot> controls) {
    }
}
