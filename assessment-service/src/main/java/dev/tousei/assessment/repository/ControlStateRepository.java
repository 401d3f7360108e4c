package dev.tousei.assessment.repository;

import dev.tousei.assessment.ControlStateRow;
import dev.tousei.assessment.ControlStatusRow;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ControlStateRepository implements PanacheRepositoryBase<ControlStateRow, ControlStatusRow.Key> {
}
