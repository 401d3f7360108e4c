package dev.tousei.catalog.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tousei.catalog.Control;
import dev.tousei.catalog.oscal.OscalCatalogExporter;
import dev.tousei.catalog.oscal.OscalMappingExporter;
import dev.tousei.catalog.oscal.OscalMappingExporter.CatalogContext;
import dev.tousei.catalog.service.CatalogSnapshotService;
import dev.tousei.catalog.service.FrameworkService;
import dev.tousei.catalog.service.MappingService;
import dev.tousei.catalog.service.RevisionService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The catalog in OSCAL: one framework as an OSCAL 1.1.3 catalog, one mapping set as an OSCAL 1.2.0 mapping
 * collection. Both are read at the current catalog revision, which names their version and, with the framework or
 * set id, their uuid: the same revision exports the same document.
 */
@Path("/api/v1/export/oscal")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ExportResource {

    private final FrameworkService frameworks;
    private final CatalogSnapshotService snapshots;
    private final RevisionService revisions;
    private final MappingService mappings;
    private final OscalCatalogExporter catalogExporter;
    private final OscalMappingExporter mappingExporter;

    ExportResource(FrameworkService frameworks, CatalogSnapshotService snapshots, RevisionService revisions,
                   MappingService mappings, OscalCatalogExporter catalogExporter,
                   OscalMappingExporter mappingExporter) {
        this.frameworks = frameworks;
        this.snapshots = snapshots;
        this.revisions = revisions;
        this.mappings = mappings;
        this.catalogExporter = catalogExporter;
        this.mappingExporter = mappingExporter;
    }

    /** {@code {"catalog": ...}} of one framework; 404 for an unknown framework. */
    @GET
    @Path("catalog")
    @RolesAllowed(Roles.VIEWER)
    public Uni<ObjectNode> catalog(@QueryParam("framework") @NotBlank @Size(max = 64) String framework) {
        return frameworks.get(framework)
                .chain(found -> snapshots.current()
                        .chain(snapshot -> revisions.get(snapshot.revision())
                                .map(revision -> catalogExporter.export(found, snapshot.controls(), revision.number,
                                        revision.createdAt))));
    }

    /**
     * {@code {"mapping-collection": ...}} of one mapping set; 404 for an unknown set. Catalog controls are referenced
     * through the URL of their framework's catalog export.
     */
    @GET
    @Path("mapping-collections/{setId}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<ObjectNode> mappingCollection(@PathParam("setId") @Size(max = 64) String setId,
                                             @Context UriInfo uri) {
        return mappings.set(setId)
                .chain(set -> mappings.inSet(setId)
                        .chain(found -> snapshots.current()
                                .chain(snapshot -> revisions.get(snapshot.revision())
                                        .map(revision -> mappingExporter.export(set, found, new CatalogContext(
                                                revision.number, revision.createdAt,
                                                frameworkOfControl(snapshot.controls()),
                                                frameworkId -> catalogHref(uri, frameworkId)))))));
    }

    private static Map<String, String> frameworkOfControl(List<Control> controls) {
        return controls.stream().collect(Collectors.toMap(control -> control.id, control -> control.frameworkId));
    }

    private static String catalogHref(UriInfo uri, String frameworkId) {
        return uri.getBaseUriBuilder().path(ExportResource.class).path("catalog")
                .queryParam("framework", frameworkId).build().toString();
    }
}
