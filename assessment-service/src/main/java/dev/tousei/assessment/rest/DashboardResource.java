package dev.tousei.assessment.rest;

import dev.tousei.assessment.ControlDefinitionRow;
import dev.tousei.assessment.messaging.StatusFeed;
import dev.tousei.assessment.rest.GovernanceResource.AttestationView;
import dev.tousei.assessment.rest.StatusResource.StatusView;
import dev.tousei.assessment.rest.StatusResource.TransitionView;
import dev.tousei.assessment.service.CatalogQueryService;
import dev.tousei.assessment.service.GovernanceService;
import dev.tousei.assessment.service.StatusQueryService;
import dev.tousei.assessment.service.StatusQueryService.Summary;
import dev.tousei.events.assessment.ControlStatusChanged;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SOC dashboard's own, same-origin endpoints. They sit under the {@code dashboard} OIDC tenant (authorization-code
 * flow, session cookie) and return what {@code /api/v1} returns to bearer tokens, plus the live feed of status
 * changes as server-sent events. The page itself is the static {@code META-INF/resources/dashboard/}.
 */
@Path("/dashboard/api")
@Authenticated
public class DashboardResource {

    static final Duration KEEP_ALIVE = Duration.ofSeconds(20);

    private final StatusQueryService statuses;
    private final CatalogQueryService catalog;
    private final GovernanceService governance;
    private final StatusFeed feed;
    private final SecurityIdentity caller;

    DashboardResource(StatusQueryService statuses, CatalogQueryService catalog, GovernanceService governance,
                      StatusFeed feed, SecurityIdentity caller) {
        this.statuses = statuses;
        this.catalog = catalog;
        this.governance = governance;
        this.feed = feed;
        this.caller = caller;
    }

    public record Me(String name, Set<String> roles) {
    }

    public record ControlView(String id, String displayId, String frameworkId, String titleJa, String titleEn,
                              String assessmentMode, String severity) {
        static ControlView of(ControlDefinitionRow row) {
            var snapshot = row.snapshot;
            return new ControlView(row.id, snapshot == null ? row.id : snapshot.displayId(), row.frameworkId,
                    snapshot == null ? null : snapshot.titleJa(), snapshot == null ? null : snapshot.titleEn(),
                    row.assessmentMode,
                    snapshot == null || snapshot.defaultSeverity() == null ? null : snapshot.defaultSeverity().name());
        }
    }

    /** Who is logged in; any authenticated user (the page tells one without the viewer role so). */
    @GET
    @Path("me")
    public Me me() {
        return new Me(caller.getPrincipal().getName(), new TreeSet<>(caller.getRoles()));
    }

    @GET
    @Path("controls")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<ControlView>> controls(@QueryParam("framework") @Size(max = 64) String framework) {
        return catalog.requirements(framework).map(rows -> rows.stream().map(ControlView::of).toList());
    }

    @GET
    @Path("statuses")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<StatusView>> statuses(@QueryParam("framework") @Size(max = 64) String framework) {
        return statuses.current(framework, null, null, null).map(rows -> rows.stream().map(StatusView::of).toList());
    }

    @GET
    @Path("summary")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<Summary>> summary(@QueryParam("framework") @Size(max = 64) String framework) {
        return statuses.summaries(framework, null);
    }

    @GET
    @Path("controls/{controlId}/accounts/{accountId}/history")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<TransitionView>> history(@PathParam("controlId") @Size(max = 64) String controlId,
                                             @PathParam("accountId") @Pattern(regexp = "\\d{12}") String accountId) {
        return statuses.timeline(accountId, controlId).map(rows -> rows.stream().map(TransitionView::of).toList());
    }

    /** The control's attestations, for every account and for each one (the page shows those that concern its account). */
    @GET
    @Path("controls/{controlId}/attestations")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<AttestationView>> attestations(@PathParam("controlId") @Size(max = 64) String controlId) {
        return governance.attestations(controlId, null).map(rows -> rows.stream().map(AttestationView::of).toList());
    }

    /**
     * Every status change from now on ({@code status} events, JSON {@link ControlStatusChanged}), after a
     * {@code ready} event sent once the subscription stands (the page reloads the grid then, so nothing falls
     * between its load and the stream), and a comment every {@link #KEEP_ALIVE} to keep proxies from closing it.
     */
    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed(Roles.VIEWER)
    public Multi<OutboundSseEvent> events(@Context Sse sse) {
        Multi<OutboundSseEvent> changes = feed.changes().map(event -> sse.newEventBuilder()
                .name("status")
                .id(event.eventId().toString())
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(ControlStatusChanged.class, event)
                .build());
        Multi<OutboundSseEvent> ready = Multi.createFrom().item(() -> sse.newEventBuilder()
                .name("ready").data(String.class, "{}").build());
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom().ticks().every(KEEP_ALIVE)
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        // merging subscribes in order: the changes first, so none is missed after "ready"
        return Multi.createBy().merging().streams(changes, ready, keepAlive);
    }
}
