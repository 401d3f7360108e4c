package dev.tousei.catalog.rest;

import dev.tousei.catalog.MappingSet;
import dev.tousei.catalog.service.MappingService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;

@Path("/api/v1")
@Authenticated
public class MappingResource {

    private final MappingService mappings;

    MappingResource(MappingService mappings) {
        this.mappings = mappings;
    }

    /**
     * Mappings in which a reference appears on either side, e.g. {@code kind=AWS_CONFIG_RULE&id=CLOUD_TRAIL_ENABLED}
     * or {@code kind=FISC_PRACTICE&id=実3}. For a catalog control use {@code /controls/{id}/mappings}.
     */
    @GET
    @Path("mappings")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<MappingView>> find(@QueryParam("kind") @NotBlank @Pattern(regexp = "[A-Z_]{1,32}") String kind,
                                       @QueryParam("id") @NotBlank @Size(max = 200) String id) {
        return mappings.involving(kind, id).map(found -> found.stream().map(MappingView::of).toList());
    }

    @GET
    @Path("mapping-sets")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<MappingSetView>> sets() {
        return mappings.sets().map(sets -> sets.stream().map(MappingSetView::of).toList());
    }

    @GET
    @Path("mapping-sets/{id}/mappings")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<MappingView>> inSet(@PathParam("id") @Size(max = 64) String id) {
        return mappings.inSet(id).map(found -> found.stream().map(MappingView::of).toList());
    }

    public record MappingSetView(String id, String title, String provenance, String provenanceUrl) {
        static MappingSetView of(MappingSet set) {
            return new MappingSetView(set.id, set.title, set.provenance, set.provenanceUrl);
        }
    }
}
