package dev.tousei.assessment.rest;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a NUL character (U+0000) in the path or a query parameter with 400 problem+json. PostgreSQL text cannot hold
 * one, so such a filter value would reach the database and come back as a 500 (found by deploy's SecurityMatrixIT).
 */
public class NulCharacterFilter {

    @ServerRequestFilter
    public void refuseNul(UriInfo uri) {
        boolean nul = uri.getPath().indexOf('\0') >= 0 || uri.getQueryParameters().values().stream()
                .flatMap(List::stream).anyMatch(value -> value.indexOf('\0') >= 0);
        if (nul) {
            throw new BadRequestException("the path and query parameters must not contain a NUL character (U+0000)");
        }
    }
}
