package dev.tousei.evidence.rest;

import dev.tousei.evidence.service.IngestService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * HTTP ingest, usable as an Amazon EventBridge API destination (OAuth client credentials of the {@code event-ingest}
 * client). Accepted means on the inbound topic: validation, storage and dead-lettering follow there.
 */
@Path("/api/v1/ingest")
@Authenticated
public class IngestResource {

    private final IngestService ingest;

    IngestResource(IngestService ingest) {
        this.ingest = ingest;
    }

    public record Accepted(int accepted) {
    }

    /** One EventBridge envelope, or an array of them. */
    @POST
    @Path("events")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.INGEST)
    public Uni<Response> events(byte[] body) {
        return ingest.ingestEnvelopes(body).map(IngestResource::accepted);
    }

    /** A CloudTrail log file as delivered to S3: {"Records":[...]}, plain JSON or gzip. */
    @POST
    @Path("cloudtrail")
    @Consumes({MediaType.APPLICATION_JSON, "application/gzip", "application/x-gzip", MediaType.APPLICATION_OCTET_STREAM})
    @RolesAllowed(Roles.INGEST)
    public Uni<Response> cloudTrail(byte[] body) {
        return ingest.ingestCloudTrailLogFile(body).map(IngestResource::accepted);
    }

    private static Response accepted(int count) {
        return Response.accepted(new Accepted(count)).build();
    }
}
