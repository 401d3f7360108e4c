package dev.tousei.notification.rest;

import dev.tousei.notification.routing.Channel;
import dev.tousei.notification.routing.ChannelType;
import dev.tousei.notification.service.RoutingAdminService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Notification channels: viewers read (secrets never shown), admins edit. */
@Path("/api/v1/channels")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ChannelResource {

    private final RoutingAdminService admin;

    ChannelResource(RoutingAdminService admin) {
        this.admin = admin;
    }

    /**
     * @param secret WEBHOOK only: the HMAC-SHA256 key; write-only; on update, absent keeps the stored one
     */
    public record ChannelRequest(@NotBlank @Size(max = 100) String name, @NotNull ChannelType type,
                                 @Size(max = 2000) String url, @Size(min = 16, max = 200) String secret,
                                 @Size(max = 50) List<@NotBlank @Email String> recipients, Boolean enabled) {
    }

    public record ChannelView(UUID id, String name, ChannelType type, String url, boolean hasSecret,
                              List<String> recipients, boolean enabled, Instant createdAt, Instant updatedAt) {
        static ChannelView of(Channel channel) {
            return new ChannelView(channel.id(), channel.name(), channel.type(), channel.url(),
                    channel.secret() != null, channel.recipients(), channel.enabled(), channel.createdAt(),
                    channel.updatedAt());
        }
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<ChannelView>> list() {
        return admin.channels().map(channels -> channels.stream().map(ChannelView::of).toList());
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<ChannelView> get(@PathParam("id") UUID id) {
        return admin.channel(id).map(ChannelView::of);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @ResponseStatus(201)
    public Uni<ChannelView> create(@Valid @NotNull ChannelRequest request) {
        return save(UUID.randomUUID(), request, true);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<ChannelView> update(@PathParam("id") UUID id, @Valid @NotNull ChannelRequest request) {
        return save(id, request, false);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    @ResponseStatus(204)
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return admin.deleteChannel(id);
    }

    private Uni<ChannelView> save(UUID id, ChannelRequest request, boolean create) {
        return admin.saveChannel(id, request.name(), request.type(), request.url(), request.secret(),
                        request.recipients() == null ? List.of() : request.recipients(),
                        request.enabled() == null || request.enabled(), create)
                .map(ChannelView::of);
    }
}
