package dev.tousei.assessment.rest;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The SOC dashboard's page is the static {@code META-INF/resources/dashboard/index.html}, served at
 * {@code /dashboard/}; {@code /dashboard} (the address people type) redirects there. Both sit under the
 * {@code dashboard} OIDC tenant, so the login comes first.
 */
@ApplicationScoped
public class DashboardPage {

    void addRedirect(@Observes Router router) {
        router.getWithRegex("/dashboard").handler(context -> context.redirect("/dashboard/"));
    }
}
