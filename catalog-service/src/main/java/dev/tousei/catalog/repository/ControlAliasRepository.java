package dev.tousei.catalog.repository;

import dev.tousei.catalog.ControlAlias;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class ControlAliasRepository implements PanacheRepositoryBase<ControlAlias, String> {

    /** Aliases among {@code keys} that already belong to a control other than {@code controlId}. */
    public Uni<List<ControlAlias>> findTakenByOthers(Collection<String> keys, String controlId) {
        return list("aliasKey in ?1 and controlId <> ?2", keys, controlId);
    }

    public Uni<Long> deleteForControl(String controlId) {
        return delete("controlId", controlId);
    }
}
