package dev.tousei.catalog.repository;

import dev.tousei.catalog.MappingSet;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class MappingSetRepository implements PanacheRepositoryBase<MappingSet, String> {
}
