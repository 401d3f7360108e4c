package dev.tousei.assessment.rest;

import dev.tousei.assessment.AttestationRow;
import dev.tousei.assessment.service.GovernanceService;
import dev.tousei.assessment.service.GovernanceService.NewAttachment;
import dev.tousei.assessment.service.GovernanceService.NewAttestation;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Attestations (auditor) and not-applicable declarations (admin). */
@Path("/api/v1")
@Authenticated
public class GovernanceResource {

    private final GovernanceService governance;
    private final SecurityIdentity caller;

    GovernanceResource(GovernanceService governance, SecurityIdentity caller) {
        this.governance = governance;
        this.caller = caller;
    }

    public record AttachmentRequest(@NotBlank @Size(max = 255) String fileName,
                                    @NotBlank @Size(max = 100) String mediaType,
                                    @NotBlank @Size(max = 7_000_000) String contentBase64) {
    }

    /** @param accountId null attests the control for every account */
    public record AttestationRequest(@NotBlank @Size(max = 64) String controlId,
                                     @Pattern(regexp = "\\d{12}") String accountId,
                                     @NotBlank @Size(max = 8000) String statement,
                                     @NotNull Instant attestedAt,
                                     @NotNull Instant expiresAt,
                                     @Size(max = 10) List<@Valid @NotNull AttachmentRequest> attachments) {
    }

    public record AttestationView(UUID id, String controlId, String accountId, String statement, String auditor,
                                  Instant attestedAt, Instant expiresAt, List<AttestationRow.AttachmentRef> attachments,
                                  Instant createdAt, Instant revokedAt) {
        static AttestationView of(AttestationRow row) {
            return new AttestationView(row.id, row.controlId, row.accountId, row.statement, row.auditor,
                    row.attestedAt, row.expiresAt, row.attachments, row.createdAt, row.revokedAt);
        }
    }

    public record NotApplicableRequest(@NotBlank @Size(max = 2000) String reason) {
    }

    @POST
    @Path("attestations")
    @RolesAllowed(Roles.AUDITOR)
    public Uni<Response> attest(@Valid @NotNull AttestationRequest request) {
        List<NewAttachment> attachments = request.attachments() == null ? List.of() : request.attachments().stream()
                .map(a -> new NewAttachment(a.fileName(), a.mediaType(), decode(a.contentBase64()))).toList();
        NewAttestation attestation = new NewAttestation(request.controlId(), request.accountId(), request.statement(),
                request.attestedAt(), request.expiresAt(), attachments);
        return governance.attest(attestation, caller.getPrincipal().getName())
                .map(row -> Response.created(URI.create("/api/v1/attestations/" + row.id))
                        .entity(AttestationView.of(row)).build());
    }

    @GET
    @Path("attestations")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<AttestationView>> attestations(@QueryParam("controlId") @Size(max = 64) String controlId,
                                                   @QueryParam("accountId") @Pattern(regexp = "\\d{12}") String accountId) {
        return governance.attestations(controlId, accountId)
                .map(rows -> rows.stream().map(AttestationView::of).toList());
    }

    @GET
    @Path("attestations/{id}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<AttestationView> attestation(@PathParam("id") UUID id) {
        return governance.attestation(id).map(AttestationView::of);
    }

    /** Revokes (never deletes: the audit trail keeps it) an attestation. */
    @DELETE
    @Path("attestations/{id}")
    @RolesAllowed(Roles.AUDITOR)
    public Uni<AttestationView> revoke(@PathParam("id") UUID id) {
        return governance.revoke(id).map(AttestationView::of);
    }

    @PUT
    @Path("controls/{controlId}/accounts/{accountId}/not-applicable")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> declareNotApplicable(@PathParam("controlId") @Size(max = 64) String controlId,
                                              @PathParam("accountId") @Pattern(regexp = "\\d{12}") String accountId,
                                              @Valid @NotNull NotApplicableRequest request) {
        return governance.declareNotApplicable(controlId, accountId, request.reason(), caller.getPrincipal().getName())
                .replaceWith(Response.noContent().build());
    }

    @DELETE
    @Path("controls/{controlId}/accounts/{accountId}/not-applicable")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> withdrawNotApplicable(@PathParam("controlId") @Size(max = 64) String controlId,
                                               @PathParam("accountId") @Pattern(regexp = "\\d{12}") String accountId) {
        return governance.withdrawNotApplicable(controlId, accountId).replaceWith(Response.noContent().build());
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new jakarta.ws.rs.BadRequestException("attachment content is not base64");
        }
    }
}
