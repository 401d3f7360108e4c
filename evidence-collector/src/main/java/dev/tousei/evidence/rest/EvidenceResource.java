package dev.tousei.evidence.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tousei.evidence.chain.ChainVerifier;
import dev.tousei.evidence.chain.ChainVerifier.Verification;
import dev.tousei.evidence.repository.EvidenceQuery;
import dev.tousei.evidence.repository.EvidenceQuery.Position;
import dev.tousei.evidence.repository.EvidenceReader;
import dev.tousei.evidence.service.EvidenceNotFoundException;
import dev.tousei.evidence.service.StoredEvidence;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/api/v1")
@Authenticated
public class EvidenceResource {

    private final EvidenceReader reader;
    private final ChainVerifier verifier;
    private final ObjectMapper objectMapper;

    EvidenceResource(EvidenceReader reader, ChainVerifier verifier, ObjectMapper objectMapper) {
        this.reader = reader;
        this.verifier = verifier;
        this.objectMapper = objectMapper;
    }

    public record EvidencePage(List<EvidenceView> items, String nextCursor) {
    }

    /** Evidence newest first; pass {@code nextCursor} back as {@code cursor} for the next page. */
    @GET
    @Path("evidence")
    @RolesAllowed(Roles.VIEWER)
    public Uni<EvidencePage> search(@QueryParam("controlId") @Size(max = 64) String controlId,
                                    @QueryParam("accountId") @Pattern(regexp = "\\d{12}") String accountId,
                                    @QueryParam("resource") @Size(max = 2048) String resource,
                                    @QueryParam("detailType") @Size(max = 128) String detailType,
                                    @QueryParam("from") Instant from,
                                    @QueryParam("to") Instant to,
                                    @QueryParam("cursor") @Size(max = 200) String cursor,
                                    @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        EvidenceQuery query = new EvidenceQuery(controlId, accountId, resource, detailType, from, to,
                EvidenceCursor.decode(cursor), limit);
        return reader.search(query).map(page -> {
            String next = null;
            if (page.size() == limit) {
                StoredEvidence last = page.get(page.size() - 1);
                next = EvidenceCursor.encode(new Position(last.link().eventTime(), last.link().evidenceId()));
            }
            return new EvidencePage(page.stream().map(stored -> EvidenceView.of(stored, null)).toList(), next);
        });
    }

    /** One evidence with its raw AWS event and its control effects. */
    @GET
    @Path("evidence/{id}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<EvidenceView> get(@PathParam("id") UUID id) {
        return reader.find(id)
                .onItem().ifNull().failWith(() -> new EvidenceNotFoundException("evidence " + id))
                .map(stored -> EvidenceView.of(stored, parse(stored.raw())));
    }

    /** Recomputes the account's hash chain and names the first broken link, if any. */
    @GET
    @Path("chains/{accountId}/verification")
    @RolesAllowed(Roles.VIEWER)
    public Uni<Verification> verify(@PathParam("accountId") @Pattern(regexp = "\\d{12}") String accountId) {
        return verifier.verify(accountId);
    }

    private JsonNode parse(String raw) {
        try {
            return objectMapper.readTree(raw);
        } catch (IOException e) {
            return objectMapper.getNodeFactory().textNode(raw);
        }
    }
}
