package dev.tousei.assessment.repository;

import dev.tousei.assessment.ControlDefinitionRow;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class ControlDefinitionRepository implements PanacheRepositoryBase<ControlDefinitionRow, String> {

    public Uni<List<ControlDefinitionRow>> requirements(String frameworkId) {
        return frameworkId == null ? list("kind = 'REQUIREMENT' order by id")
                : list("kind = 'REQUIREMENT' and frameworkId = ?1 order by id", frameworkId);
    }
}
