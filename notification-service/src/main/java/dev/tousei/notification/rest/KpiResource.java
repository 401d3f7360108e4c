package dev.tousei.notification.rest;

import dev.tousei.notification.service.KpiService;
import dev.tousei.notification.service.KpiService.Report;
import dev.tousei.notification.service.NotificationException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Incident KPIs (SEC10-2) over alerts raised in [from, to): default the last 30 days. */
@Path("/api/v1/kpis")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class KpiResource {

    private final KpiService kpis;
    private final Clock clock;

    KpiResource(KpiService kpis, Clock clock) {
        this.kpis = kpis;
        this.clock = clock;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public Uni<Report> report(@QueryParam("from") Instant from, @QueryParam("to") Instant to) {
        Instant end = to == null ? clock.instant() : to;
        Instant start = from == null ? end.minus(Duration.ofDays(30)) : from;
        if (!start.isBefore(end)) {
            throw NotificationException.invalid("from must be before to");
        }
        return kpis.report(start, end);
    }
}
