package dev.tousei.catalog.repository;

import dev.tousei.catalog.Control;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class ControlRepository implements PanacheRepositoryBase<Control, String> {

    public Uni<Control> findByAliasKey(String aliasKey) {
        return find("id = (select a.controlId from ControlAlias a where a.aliasKey = :key)",
                Parameters.with("key", aliasKey)).firstResult();
    }

    public Uni<List<Control>> search(ControlQuery query) {
        return find(query.hql(), query.parameters()).list();
    }

    public Uni<Long> countChildren(String parentId) {
        return count("parentId", parentId);
    }
}
