package dev.tousei.catalog.rest;

import dev.tousei.catalog.service.CatalogConflictException;
import dev.tousei.catalog.service.ControlNotFoundException;
import dev.tousei.catalog.service.InvalidControlException;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.hibernate.StaleStateException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The catalog's own exceptions as RFC 9457 problems. Validation (400), malformed JSON (400), 401, 403 and unexpected
 * errors (500 without internals) are mapped by quarkus-resteasy-problem.
 *
 * <table>
 * <tr><td>{@link ControlNotFoundException}</td><td>404</td></tr>
 * <tr><td>{@link CatalogConflictException}, optimistic-lock failures</td><td>409</td></tr>
 * <tr><td>{@link InvalidControlException}</td><td>422, with {@code violations}</td></tr>
 * <tr><td>missing or invalid token</td><td>401</td></tr>
 * </table>
 */
public class ProblemMappers {

    static final String TYPE_BASE = "https://tousei.dev/problems/";

    @ServerExceptionMapper
    public Response notFound(ControlNotFoundException e, UriInfo uri) {
        return problem(Response.Status.NOT_FOUND, "not-found", "Not Found", e.getMessage(), uri).build().toResponse();
    }

    @ServerExceptionMapper
    public Response conflict(CatalogConflictException e, UriInfo uri) {
        return problem(Response.Status.CONFLICT, "conflict", "Conflict", e.getMessage(), uri).build().toResponse();
    }

    /** A concurrent writer got there between our version check and our commit. */
    @ServerExceptionMapper({OptimisticLockException.class, StaleStateException.class})
    public Response concurrentChange(RuntimeException e, UriInfo uri) {
        return problem(Response.Status.CONFLICT, "conflict", "Conflict",
                "the control was changed concurrently; reload it and apply your change again", uri)
                .build().toResponse();
    }

    @ServerExceptionMapper
    public Response invalid(InvalidControlException e, UriInfo uri) {
        return problem(422, "invalid-control", "Unprocessable Content", e.getMessage(), uri)
                .with("violations", e.violations())
                .build().toResponse();
    }

    /**
     * Missing, expired or forged token. quarkus-resteasy-problem 3.21 has a mapper for this too, but it is built
     * against an older Quarkus security API and fails with NoSuchFieldError on 3.32, so ours takes precedence.
     */
    @ServerExceptionMapper(value = {UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class}, priority = Priorities.USER - 100)
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return problem(Response.Status.UNAUTHORIZED, "unauthorized", "Unauthorized",
                "a valid bearer token is required", uri)
                .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build().toResponse();
    }

    private static HttpProblem.Builder problem(Response.StatusType status, String type, String title, String detail,
                                               UriInfo uri) {
        return problem(status.getStatusCode(), type, title, detail, uri);
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
