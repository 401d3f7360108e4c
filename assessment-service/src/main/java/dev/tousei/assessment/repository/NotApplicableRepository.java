package dev.tousei.assessment.repository;

import dev.tousei.assessment.ControlStatusRow;
import dev.tousei.assessment.NotApplicableRow;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class NotApplicableRepository implements PanacheRepositoryBase<NotApplicableRow, ControlStatusRow.Key> {
}
