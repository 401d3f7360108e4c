package dev.tousei.assessment.rest;

import dev.tousei.assessment.ControlStatusRow;
import dev.tousei.assessment.StatusTransition;
import dev.tousei.assessment.service.StatusQueryService;
import dev.tousei.assessment.service.StatusQueryService.Summary;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/api/v1")
@Authenticated
public class StatusResource {

    private final StatusQueryService queries;

    StatusResource(StatusQueryService queries) {
        this.queries = queries;
    }

    public record StatusView(String accountId, String controlId, String frameworkId, String status, String reason,
                             List<UUID> evidenceIds, List<UUID> attestationIds, List<String> failedResources,
                             Instant since) {
        static StatusView of(ControlStatusRow row) {
            return new StatusView(row.key.accountId(), row.key.controlId(), row.frameworkId, row.status, row.reason,
                    row.evidenceIds, row.attestationIds, row.failedResources, row.since);
        }
    }

    public record TransitionView(String accountId, String controlId, String previousStatus, String status,
                                 String reason, List<UUID> evidenceIds, List<UUID> attestationIds, Instant changedAt) {
        static TransitionView of(StatusTransition transition) {
            return new TransitionView(transition.accountId, transition.controlId, transition.previousStatus,
                    transition.status, transition.reason, transition.evidenceIds, transition.attestationIds,
                    transition.changedAt);
        }
    }

    @GET
    @Path("statuses")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<StatusView>> list(@QueryParam("framework") @Size(max = 64) String framework,
                                      @QueryParam("account") @Pattern(regexp = "\\d{12}") String account,
                                      @QueryParam("status") @Pattern(regexp = "PASSED|FAILED|INSUFFICIENT_DATA|STALE|NOT_APPLICABLE") String status,
                                      @QueryParam("control") @Size(max = 64) String control) {
        return queries.current(framework, account, status, control)
                .map(rows -> rows.stream().map(StatusView::of).toList());
    }

    /** One control's status in every account. */
    @GET
    @Path("controls/{controlId}/statuses")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<StatusView>> ofControl(@PathParam("controlId") @Size(max = 64) String controlId) {
        return queries.current(null, null, null, controlId).map(rows -> rows.stream().map(StatusView::of).toList());
    }

    /** Every transition of one control in one account, newest first. */
    @GET
    @Path("controls/{controlId}/accounts/{accountId}/history")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<TransitionView>> history(@PathParam("controlId") @Size(max = 64) String controlId,
                                             @PathParam("accountId") @Pattern(regexp = "\\d{12}") String accountId) {
        return queries.timeline(accountId, controlId).map(rows -> rows.stream().map(TransitionView::of).toList());
    }

    /** Every control's status as it was at a past instant (ISO-8601). */
    @GET
    @Path("statuses/as-of")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<TransitionView>> asOf(@QueryParam("at") @NotNull Instant at,
                                          @QueryParam("account") @Pattern(regexp = "\\d{12}") String account) {
        return queries.asOf(at, account).map(rows -> rows.stream().map(TransitionView::of).toList());
    }

    @GET
    @Path("summary")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<Summary>> summary(@QueryParam("framework") @Size(max = 64) String framework,
                                      @QueryParam("account") @Pattern(regexp = "\\d{12}") String account) {
        return queries.summaries(framework, account);
    }
}
