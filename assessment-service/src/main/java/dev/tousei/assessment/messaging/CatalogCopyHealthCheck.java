package dev.tousei.assessment.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the catalog copy has caught up: until then evidence waits in Kafka. */
@Readiness
@ApplicationScoped
class CatalogCopyHealthCheck implements HealthCheck {

    private final CatalogCopy copy;

    CatalogCopyHealthCheck(CatalogCopy copy) {
        this.copy = copy;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("catalog-copy").status(copy.caughtUp()).build();
    }
}
