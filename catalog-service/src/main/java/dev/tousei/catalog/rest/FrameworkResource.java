package dev.tousei.catalog.rest;

import dev.tousei.catalog.Framework;
import dev.tousei.catalog.service.FrameworkService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;

@Path("/api/v1/frameworks")
@Authenticated
public class FrameworkResource {

    private final FrameworkService frameworks;

    FrameworkResource(FrameworkService frameworks) {
        this.frameworks = frameworks;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<FrameworkView>> list() {
        return frameworks.all().map(all -> all.stream().map(FrameworkView::of).toList());
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<FrameworkView> get(@PathParam("id") @Size(max = 64) String id) {
        return frameworks.get(id).map(FrameworkView::of);
    }

    public record FrameworkView(String id, String nameJa, String nameEn, String version, String publisher,
                                String source) {
        static FrameworkView of(Framework framework) {
            return new FrameworkView(framework.id, framework.nameJa, framework.nameEn, framework.version,
                    framework.publisher, framework.source);
        }
    }
}
