package dev.tousei.catalog.repository;

import dev.tousei.catalog.ControlMapping;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class MappingRepository implements PanacheRepositoryBase<ControlMapping, Long> {

    /** Mappings in which the reference appears on either side. */
    public Uni<List<ControlMapping>> involving(String kind, String id) {
        return list("(sourceKind = :kind and sourceId = :id) or (targetKind = :kind and targetId = :id) order by id",
                Parameters.with("kind", kind).and("id", id));
    }

    /** Names of the AWS Config rules mapped from one control, or from every control when controlId is null. */
    public Uni<List<ControlMapping>> configRulesOf(String controlId) {
        String query = "sourceKind = 'CONTROL' and targetKind = 'AWS_CONFIG_RULE'"
                + (controlId == null ? "" : " and sourceId = :control");
        Parameters parameters = controlId == null ? new Parameters() : Parameters.with("control", controlId);
        return list(query + " order by sourceId, targetName", parameters);
    }

    public Uni<List<ControlMapping>> inSet(String setId) {
        return list("setId = ?1 order by id", setId);
    }
}
