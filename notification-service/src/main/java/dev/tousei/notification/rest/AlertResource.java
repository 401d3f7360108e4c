package dev.tousei.notification.rest;

import dev.tousei.notification.alert.Alert;
import dev.tousei.notification.repository.AlertRepository.Activity;
import dev.tousei.notification.repository.AlertRepository.Filter;
import dev.tousei.notification.repository.DeliveryRepository.DeliveryView;
import dev.tousei.notification.service.AlertService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Alerts: viewers read; analysts (and admins) acknowledge, resolve, comment and assign. */
@Path("/api/v1/alerts")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    private final AlertService alerts;
    private final SecurityIdentity identity;

    AlertResource(AlertService alerts, SecurityIdentity identity) {
        this.alerts = alerts;
        this.identity = identity;
    }

    /** An optional comment with a state change. */
    public record TransitionRequest(@Size(max = 4000) String comment) {
    }

    public record CommentRequest(@NotBlank @Size(max = 4000) String text) {
    }

    /** {@code assignee} null or absent: unassign. */
    public record AssignRequest(@Size(min = 1, max = 100) String assignee) {
    }

    public record AlertDetail(Alert alert, List<Activity> activity) {
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<Alert>> list(@QueryParam("state") @Pattern(regexp = "OPEN|ACKNOWLEDGED|RESOLVED") String state,
                                 @QueryParam("severity") @Pattern(regexp = "CRITICAL|HIGH|MEDIUM|LOW|INFORMATIONAL")
                                 String severity,
                                 @QueryParam("account") @Pattern(regexp = "\\d{12}") String account,
                                 @QueryParam("control") @Size(max = 64) String control,
                                 @QueryParam("kind") @Pattern(regexp = "CONTROL_FAILED|CONTROL_STALE|FINDING") String kind,
                                 @QueryParam("suppressed") Boolean suppressed,
                                 @QueryParam("assignee") @Size(max = 100) String assignee,
                                 @QueryParam("from") Instant from, @QueryParam("to") Instant to,
                                 @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit,
                                 @QueryParam("offset") @DefaultValue("0") @Min(0) int offset) {
        return alerts.list(new Filter(state, severity, account, control, kind, suppressed, assignee, from, to, limit,
                offset));
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<AlertDetail> get(@PathParam("id") UUID id) {
        return alerts.get(id).chain(alert -> alerts.activity(id).map(activity -> new AlertDetail(alert, activity)));
    }

    /** Every message queued for the alert, with each attempt (time, duration, HTTP status, error). */
    @GET
    @Path("{id}/deliveries")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<DeliveryView>> deliveries(@PathParam("id") UUID id) {
        return alerts.deliveries(id);
    }

    @POST
    @Path("{id}/acknowledge")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    public Uni<Alert> acknowledge(@PathParam("id") UUID id, @Valid TransitionRequest request) {
        return alerts.acknowledge(id, user(), request == null ? null : request.comment());
    }

    @POST
    @Path("{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    public Uni<Alert> resolve(@PathParam("id") UUID id, @Valid TransitionRequest request) {
        return alerts.resolve(id, user(), request == null ? null : request.comment());
    }

    @POST
    @Path("{id}/comments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    @ResponseStatus(201)
    public Uni<Activity> comment(@PathParam("id") UUID id, @Valid @NotNull CommentRequest request) {
        return alerts.comment(id, user(), request.text());
    }

    @PUT
    @Path("{id}/assignee")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ANALYST, Roles.ADMIN})
    public Uni<Alert> assign(@PathParam("id") UUID id, @Valid @NotNull AssignRequest request) {
        return alerts.assign(id, user(), request.assignee());
    }

    private String user() {
        return identity.getPrincipal().getName();
    }
}
