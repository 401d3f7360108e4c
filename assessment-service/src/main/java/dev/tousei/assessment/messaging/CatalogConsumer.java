package dev.tousei.assessment.messaging;

import dev.tousei.assessment.ControlDefinitionRow;
import dev.tousei.assessment.repository.ControlDefinitionRepository;
import dev.tousei.events.catalog.ControlChanged;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps this service's copy of the catalog: the compacted catalog.control-changed.v1, read from its start. */
@ApplicationScoped
class CatalogConsumer {

    private final ControlDefinitionRepository definitions;

    CatalogConsumer(ControlDefinitionRepository definitions) {
        this.definitions = definitions;
    }

    @Incoming("catalog")
    @WithTransaction
    Uni<Void> onControlChanged(ControlChanged change) {
        if (change == null || change.controlId() == null) {
            Log.warn("ignoring an unreadable catalog event");
            return Uni.createFrom().voidItem();
        }
        return definitions.findById(change.controlId()).chain(existing -> {
            if (change.control() == null) {
                return existing == null ? Uni.createFrom().voidItem() : definitions.delete(existing).replaceWithVoid();
            }
            if (existing != null && existing.catalogRevision > change.catalogRevision()) {
                return Uni.createFrom().voidItem(); // an older event replayed after a newer one
            }
            ControlDefinitionRow row = existing == null ? new ControlDefinitionRow() : existing;
            row.id = change.controlId();
            row.frameworkId = change.control().frameworkId();
            row.kind = change.control().kind().name();
            row.assessmentMode = change.control().assessmentMode() == null ? null
                    : change.control().assessmentMode().name();
            row.snapshot = change.control();
            row.catalogRevision = change.catalogRevision();
            return existing == null ? definitions.persist(row).replaceWithVoid() : Uni.createFrom().voidItem();
        });
    }
}
