package dev.tousei.notification.rest;

import dev.tousei.notification.routing.Suppression;
import dev.tousei.notification.service.RoutingAdminService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Suppressions (matching alerts are recorded, not sent, until they expire): viewers read, admins edit. */
@Path("/api/v1/suppressions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SuppressionResource {

    private final RoutingAdminService admin;
    private final SecurityIdentity identity;

    SuppressionResource(RoutingAdminService admin, SecurityIdentity identity) {
        this.admin = admin;
        this.identity = identity;
    }

    /** At least one criterion; every given one must match. */
    public record SuppressionRequest(@Pattern(regexp = "\\d{12}") String accountId,
                                     @Size(min = 1, max = 64) String controlId,
                                     @Size(min = 1, max = 2048) String resourceId,
                                     @Size(min = 1, max = 256) String findingType,
                                     @NotBlank @Size(max = 2000) String reason,
                                     @NotBlank @Size(max = 100) String owner,
                                     @NotNull Instant expiresAt) {
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<Suppression>> list(@QueryParam("includeExpired") @DefaultValue("false") boolean includeExpired) {
        return admin.suppressions(includeExpired);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @ResponseStatus(201)
    public Uni<Suppression> create(@Valid @NotNull SuppressionRequest request) {
        return admin.suppress(request.accountId(), request.controlId(), request.resourceId(), request.findingType(),
                request.reason(), request.owner(), request.expiresAt(), identity.getPrincipal().getName());
    }

    /** Ends the suppression now (it stays in the list with includeExpired=true). */
    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    @ResponseStatus(204)
    public Uni<Void> end(@PathParam("id") UUID id) {
        return admin.endSuppression(id);
    }
}
