package dev.tousei.catalog.rest;

import dev.tousei.catalog.repository.ControlQuery;
import dev.tousei.catalog.service.ControlService;
import dev.tousei.catalog.service.MappingService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.ConvertGroup;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

@Path("/api/v1/controls")
@Authenticated
public class ControlResource {

    private final ControlService controls;
    private final MappingService mappings;
    private final SecurityIdentity caller;

    ControlResource(ControlService controls, MappingService mappings, SecurityIdentity caller) {
        this.controls = controls;
        this.mappings = mappings;
        this.caller = caller;
    }

    /** Lists controls; every filter is optional. {@code q} matches Japanese or English text anywhere in a control. */
    @GET
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<ControlView>> list(@QueryParam("framework") @Size(max = 64) String framework,
                                       @QueryParam("responsibility") @Pattern(regexp = "aws|customer|shared") String responsibility,
                                       @QueryParam("mode") @Pattern(regexp = "AUTOMATED|ATTESTATION|BOTH") String mode,
                                       @QueryParam("kind") @Pattern(regexp = "GROUP|REQUIREMENT") String kind,
                                       @QueryParam("parent") @Size(max = 64) String parent,
                                       @QueryParam("q") @Size(max = 200) String text) {
        ControlQuery query = new ControlQuery(framework, responsibility, mode, kind, parent, blankToNull(text));
        return controls.search(query).map(found -> found.stream().map(ControlView::of).toList());
    }

    /** One control by id or by any alias: {@code sec04-bp01}, {@code SEC4-1}, {@code SEC04-BP01}, {@code SEC-4.1}. */
    @GET
    @Path("{idOrAlias}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<ControlView> get(@PathParam("idOrAlias") @Size(max = 200) String idOrAlias) {
        return controls.find(idOrAlias).map(ControlView::of);
    }

    /** Mappings in which the control is the source (outgoing) or the target (incoming). */
    @GET
    @Path("{idOrAlias}/mappings")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<MappingView>> mappings(@PathParam("idOrAlias") @Size(max = 200) String idOrAlias) {
        return controls.find(idOrAlias)
                .chain(control -> mappings.involvingControl(control.id)
                        .map(found -> found.stream().map(mapping -> MappingView.seenFrom(mapping, control.id)).toList()));
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@Valid @NotNull @ConvertGroup(to = ControlRequest.OnCreate.class) ControlRequest request) {
        return controls.create(request.id(), request.toDocument(), caller.getPrincipal().getName())
                .map(created -> Response.created(URI.create("/api/v1/controls/" + created.id))
                        .entity(ControlView.of(created)).build());
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<ControlView> update(@PathParam("id") @Size(max = 64) String id,
                                   @Valid @NotNull @ConvertGroup(to = ControlRequest.OnUpdate.class) ControlRequest request) {
        return controls.update(id, request.version(), request.toDocument(), caller.getPrincipal().getName())
                .map(ControlView::of);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") @Size(max = 64) String id,
                                @QueryParam("version") @NotNull Long version) {
        return controls.delete(id, version, caller.getPrincipal().getName())
                .map(ignored -> Response.noContent().build());
    }

    @GET
    @Path("{idOrAlias}/evidence-rules")
    @RolesAllowed(Roles.VIEWER)
    public Uni<EvidenceRulesView> evidenceRules(@PathParam("idOrAlias") @Size(max = 200) String idOrAlias) {
        return controls.find(idOrAlias)
                .map(control -> new EvidenceRulesView(control.id, control.version, control.document.evidenceRules()));
    }

    /** Replaces the control's evidence rules; each event pattern is checked with AWS's EventBridge matcher. */
    @PUT
    @Path("{idOrAlias}/evidence-rules")
    @RolesAllowed(Roles.ADMIN)
    public Uni<EvidenceRulesView> replaceEvidenceRules(@PathParam("idOrAlias") @Size(max = 200) String idOrAlias,
                                                       @Valid @NotNull EvidenceRulesView request) {
        return controls.replaceEvidenceRules(idOrAlias, request.version(), request.rules(),
                        caller.getPrincipal().getName())
                .map(control -> new EvidenceRulesView(control.id, control.version, control.document.evidenceRules()));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
