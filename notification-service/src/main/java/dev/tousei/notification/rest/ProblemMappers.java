package dev.tousei.notification.rest;

import dev.tousei.notification.service.NotificationException;
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
 * The service's errors as RFC 9457 problems. Validation (400 with violations), malformed JSON (400), unsupported
 * media types (415), unknown paths (404), 403 and unexpected errors (500 without internals) are mapped by
 * quarkus-resteasy-problem.
 *
 * <table>
 * <tr><td>{@link NotificationException}</td><td>its status: 404 unknown alert/channel/route, 409 illegal state
 * (e.g. acknowledging a resolved alert) or duplicate name, 422 semantically invalid</td></tr>
 * <tr><td>missing or invalid token</td><td>401</td></tr>
 * </table>
 */
public class ProblemMappers {

    static final String TYPE_BASE = "https://tousei.dev/problems/";

    @ServerExceptionMapper
    public Response notification(NotificationException e, UriInfo uri) {
        String title = switch (e.status()) {
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            default -> "Unprocessable Content";
        };
        return problem(e.status(), title.toLowerCase().replace(' ', '-'), title, e.getMessage(), uri).build()
                .toResponse();
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
