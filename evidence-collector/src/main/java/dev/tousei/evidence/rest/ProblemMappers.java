package dev.tousei.evidence.rest;

import dev.tousei.evidence.service.EvidenceNotFoundException;
import dev.tousei.evidence.service.IngestRejectedException;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The collector's exceptions as RFC 9457 problems; validation (400), malformed JSON (400), 403 and unexpected errors
 * (500 without internals) are mapped by quarkus-resteasy-problem.
 *
 * <table>
 * <tr><td>{@link EvidenceNotFoundException}</td><td>404</td></tr>
 * <tr><td>{@link IngestRejectedException}</td><td>400</td></tr>
 * <tr><td>missing or invalid token</td><td>401</td></tr>
 * </table>
 */
public class ProblemMappers {

    static final String TYPE_BASE = "https://tousei.dev/problems/";

    @ServerExceptionMapper
    public Response notFound(EvidenceNotFoundException e, UriInfo uri) {
        return problem(404, "not-found", "Not Found", e.getMessage(), uri).build().toResponse();
    }

    @ServerExceptionMapper
    public Response rejected(IngestRejectedException e, UriInfo uri) {
        return problem(400, "bad-ingest", "Bad Request", e.getMessage(), uri).build().toResponse();
    }

    /** quarkus-resteasy-problem 3.21's own mapper fails on Quarkus 3.32 (NoSuchFieldError), so ours comes first. */
    @ServerExceptionMapper(value = {UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class}, priority = Priorities.USER - 100)
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return problem(401, "unauthorized", "Unauthorized", "a valid bearer token is required", uri)
                .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build().toResponse();
    }

    private static HttpProblem.Builder problem(int status, String type, String title, String detail, UriInfo uri) {
        return HttpProblem.builder()
                .withType(URI.create(TYPE_BASE + type))
                .withStatus(status)
                .withTitle(title)
                .withDetail(detail)
                .withInstance(URI.create(uri.getPath()));
    }
}
