package dev.tousei.evidence.rules;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the catalog copy has caught up: until then AWS events wait in Kafka. */
@Readiness
@ApplicationScoped
class CatalogReplicaHealthCheck implements HealthCheck {

    private final CatalogReplica replica;

    CatalogReplicaHealthCheck(CatalogReplica replica) {
        this.replica = replica;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("catalog-copy")
                .status(replica.caughtUp())
                .withData("controls", replica.controlCount())
                .withData("evidenceRules", replica.engine().ruleCount())
                .build();
    }
}
