package dev.tousei.assessment.service;

import dev.tousei.assessment.ControlDefinitionRow;
import dev.tousei.assessment.repository.ControlDefinitionRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Reads this service's copy of the catalog, e.g. the controls the SOC dashboard lists with their titles. */
@ApplicationScoped
public class CatalogQueryService {

    private final ControlDefinitionRepository definitions;

    CatalogQueryService(ControlDefinitionRepository definitions) {
        this.definitions = definitions;
    }

    /** The assessable controls (REQUIREMENT, not groups), of one framework or of all, ordered by id. */
    @WithSession
    public Uni<List<ControlDefinitionRow>> requirements(String framework) {
        return definitions.requirements(framework);
    }
}
