package dev.tousei.catalog.repository;

import dev.tousei.catalog.Framework;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class FrameworkRepository implements PanacheRepositoryBase<Framework, String> {
}
