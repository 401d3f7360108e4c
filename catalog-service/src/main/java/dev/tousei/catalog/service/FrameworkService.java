package dev.tousei.catalog.service;

import dev.tousei.catalog.Framework;
import dev.tousei.catalog.repository.FrameworkRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class FrameworkService {

    private final FrameworkRepository frameworks;

    FrameworkService(FrameworkRepository frameworks) {
        this.frameworks = frameworks;
    }

    @WithSession
    public Uni<List<Framework>> all() {
        return frameworks.listAll(Sort.by("id"));
    }

    @WithSession
    public Uni<Framework> get(String id) {
        return frameworks.findById(id)
                .onItem().ifNull().failWith(() -> new ControlNotFoundException("framework '" + id + "'"));
    }
}
