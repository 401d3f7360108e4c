package dev.tousei.catalog.service;

import dev.tousei.catalog.ControlMapping;
import dev.tousei.catalog.MappingSet;
import dev.tousei.catalog.repository.MappingRepository;
import dev.tousei.catalog.repository.MappingSetRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class MappingService {

    public static final String CONTROL = "CONTROL";

    private final MappingRepository mappings;
    private final MappingSetRepository sets;

    MappingService(MappingRepository mappings, MappingSetRepository sets) {
        this.mappings = mappings;
        this.sets = sets;
    }

    @WithSession
    public Uni<List<ControlMapping>> involvingControl(String controlId) {
        return mappings.involving(CONTROL, controlId);
    }

    /** Mappings in which something outside the catalog appears, e.g. AWS_CONFIG_RULE CLOUD_TRAIL_ENABLED. */
    @WithSession
    public Uni<List<ControlMapping>> involving(String kind, String id) {
        return mappings.involving(kind, id);
    }

    @WithSession
    public Uni<List<ControlMapping>> inSet(String setId) {
        return sets.findById(setId)
                .onItem().ifNull().failWith(() -> new ControlNotFoundException("mapping set '" + setId + "'"))
                .chain(() -> mappings.inSet(setId));
    }

    @WithSession
    public Uni<MappingSet> set(String setId) {
        return sets.findById(setId)
                .onItem().ifNull().failWith(() -> new ControlNotFoundException("mapping set '" + setId + "'"));
    }

    @WithSession
    public Uni<List<MappingSet>> sets() {
        return sets.listAll(Sort.by("id"));
    }
}
