package dev.tousei.notification.rest;

import dev.tousei.notification.routing.Contact;
import dev.tousei.notification.routing.Route;
import dev.tousei.notification.service.RoutingAdminService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Routing rules with their on-call contacts: viewers read, admins edit. */
@Path("/api/v1/routes")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class RouteResource {

    private final RoutingAdminService admin;

    RouteResource(RoutingAdminService admin) {
        this.admin = admin;
    }

    public record ContactRequest(@Min(1) @Max(10) int level, @NotBlank @Size(max = 100) String name,
                                 @NotNull UUID channelId, @Email @Size(max = 254) String address) {
    }

    /**
     * Empty criteria match everything. {@code ackTimeout} is an ISO-8601 duration (e.g. PT15M): not acknowledged by
     * then, the next level's contacts are told.
     */
    public record RouteRequest(@NotBlank @Size(max = 100) String name,
                               @Size(max = 5) List<@Pattern(regexp = "CRITICAL|HIGH|MEDIUM|LOW|INFORMATIONAL") String> severities,
                               @Size(max = 50) List<@NotBlank @Size(max = 64) String> frameworks,
                               @Size(max = 500) List<@NotBlank @Size(max = 64) String> controls,
                               @Size(max = 500) List<@Pattern(regexp = "\\d{12}") String> accounts,
                               @Size(max = 20) List<@NotNull UUID> channelIds,
                               @Pattern(regexp = "P(T?[0-9.]+[DHMS])+") String ackTimeout,
                               @Size(max = 50) List<@Valid @NotNull ContactRequest> contacts,
                               Boolean enabled) {
    }

    public record ContactView(UUID id, int level, String name, UUID channelId, String address) {
    }

    public record RouteView(UUID id, String name, Set<String> severities, Set<String> frameworks,
                            Set<String> controls, Set<String> accounts, List<UUID> channelIds, String ackTimeout,
                            List<ContactView> contacts, boolean enabled) {
        static RouteView of(Route route) {
            return new RouteView(route.id(), route.name(), route.severities(), route.frameworks(), route.controls(),
                    route.accounts(), route.channelIds(),
                    route.ackTimeout() == null ? null : route.ackTimeout().toString(),
                    route.contacts().stream().map(c -> new ContactView(c.id(), c.level(), c.name(), c.channelId(),
                            c.address())).toList(), route.enabled());
        }
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<RouteView>> list() {
        return admin.routes().map(routes -> routes.stream().map(RouteView::of).toList());
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<RouteView> get(@PathParam("id") UUID id) {
        return admin.route(id).map(RouteView::of);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @ResponseStatus(201)
    public Uni<RouteView> create(@Valid @NotNull RouteRequest request) {
        return admin.saveRoute(draft(UUID.randomUUID(), request), true).map(RouteView::of);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<RouteView> update(@PathParam("id") UUID id, @Valid @NotNull RouteRequest request) {
        return admin.saveRoute(draft(id, request), false).map(RouteView::of);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    @ResponseStatus(204)
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return admin.deleteRoute(id);
    }

    private static Route draft(UUID id, RouteRequest request) {
        Duration ackTimeout = request.ackTimeout() == null ? null : Duration.parse(request.ackTimeout());
        List<Contact> contacts = request.contacts() == null ? List.of() : request.contacts().stream()
                .map(c -> new Contact(UUID.randomUUID(), c.level(), c.name(), c.channelId(), c.address())).toList();
        return new Route(id, request.name(), set(request.severities()), set(request.frameworks()),
                set(request.controls()), set(request.accounts()),
                request.channelIds() == null ? List.of() : List.copyOf(new LinkedHashSet<>(request.channelIds())),
                ackTimeout, request.enabled() == null || request.enabled(), contacts, null, null);
    }

    private static Set<String> set(List<String> values) {
        return values == null ? Set.of() : new LinkedHashSet<>(values);
    }
}
