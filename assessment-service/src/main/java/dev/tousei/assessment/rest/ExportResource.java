package dev.tousei.assessment.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tousei.assessment.service.ExportService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/** Current statuses for auditors: OSCAL 1.1.3 assessment-results and CSV, optionally for one framework or account. */
@Path("/api/v1/export")
@Authenticated
public class ExportResource {

    static final String CSV = "text/csv; charset=UTF-8";

    private final ExportService exports;

    ExportResource(ExportService exports) {
        this.exports = exports;
    }

    /** {@code {"assessment-results": ...}}: one finding per control and account. */
    @GET
    @Path("oscal/assessment-results")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VIEWER)
    public Uni<ObjectNode> assessmentResults(@QueryParam("framework") @Size(max = 64) String framework,
                                             @QueryParam("account") @Pattern(regexp = "\\d{12}") String account) {
        return exports.oscalAssessmentResults(framework, account);
    }

    /** UTF-8 CSV with a byte order mark, as a download. */
    @GET
    @Path("csv")
    @Produces(CSV)
    @RolesAllowed(Roles.VIEWER)
    public Uni<RestResponse<byte[]>> csv(@QueryParam("framework") @Size(max = 64) String framework,
                                         @QueryParam("account") @Pattern(regexp = "\\d{12}") String account) {
        return exports.csv(framework, account).map(file -> RestResponse.ResponseBuilder.ok(file.content(), CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file.fileName() + "\"")
                .build());
    }
}
