package dev.tousei.assessment.messaging;

import dev.tousei.assessment.ControlDefinitionRow;
import dev.tousei.assessment.repository.ControlDefinitionRepository;
import dev.tousei.events.catalog.ControlChanged;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps this service's copy of the catalog: the compacted catalog.control-changed.v1, read from its start. */
@ApplicationScoped
class CatalogConsumer {

    private final ControlDefinitionRepository definitions;
    private final CatalogCopy copy;

    CatalogConsumer(ControlDefinitionRepository definitions, CatalogCopy copy) {
        this.definitions = definitions;
        this.copy = copy;
    }

    @Incoming("catalog")
    Uni<Void> onControlChanged(ControlChanged change, IncomingKafkaRecordMetadata<String, ControlChanged> record) {
        // Counted as copied even when it failed: the failure strategy skips it, and the copy must not wait forever.
        return store(change).eventually(() -> copy.applied(record.getPartition(), record.getOffset()));
    }

    @WithTransaction
    Uni<Void> store(ControlChanged change) {
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
