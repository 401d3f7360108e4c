package dev.tousei.catalog.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tousei.catalog.AuditEntry;
import dev.tousei.catalog.AuditEntry.Action;
import dev.tousei.catalog.AuditEntry.VersionedDocument;
import dev.tousei.catalog.CatalogRevision;
import dev.tousei.catalog.OutboxEvent;
import dev.tousei.catalog.mapping.ControlMapper;
import dev.tousei.catalog.repository.AuditEntryRepository;
import dev.tousei.catalog.repository.MappingRepository;
import dev.tousei.catalog.repository.OutboxRepository;
import dev.tousei.events.catalog.ControlChanged;
import dev.tousei.events.catalog.ControlChanged.ChangeKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Records one control change inside the caller's transaction: the audit entry (who, when, before, after) and the
 * outbox event that tells other services. Both commit or neither does.
 */
@ApplicationScoped
public class ControlChangeRecorder {

    private final AuditEntryRepository auditEntries;
    private final OutboxRepository outbox;
    private final MappingRepository mappings;
    private final ObjectMapper objectMapper;

    ControlChangeRecorder(AuditEntryRepository auditEntries, OutboxRepository outbox, MappingRepository mappings,
                          ObjectMapper objectMapper) {
        this.auditEntries = auditEntries;
        this.outbox = outbox;
        this.mappings = mappings;
        this.objectMapper = objectMapper;
    }

    public Uni<Void> record(CatalogRevision revision, String controlId, VersionedDocument before,
                            VersionedDocument after) {
        Action action = before == null ? Action.CREATED : after == null ? Action.DELETED : Action.UPDATED;
        AuditEntry entry = new AuditEntry();
        entry.revision = revision.number;
        entry.controlId = controlId;
        entry.action = action;
        entry.actor = revision.actor;
        entry.at = revision.createdAt;
        entry.before = before;
        entry.after = after;

        return auditEntries.persist(entry)
                .chain(() -> mappings.configRulesOf(controlId))
                .map(rules -> rules.stream().map(rule -> rule.targetName).distinct().toList())
                .chain(configRules -> {
                    ControlChanged event = new ControlChanged(UUID.randomUUID(), controlId,
                            ChangeKind.valueOf(action.name()), revision.number, revision.createdAt, revision.actor,
                            after == null ? null
                                    : ControlMapper.toSnapshot(controlId, after.version(), after.document(), configRules));
                    OutboxEvent outboxEvent = new OutboxEvent();
                    outboxEvent.eventId = event.eventId();
                    outboxEvent.aggregateId = controlId;
                    outboxEvent.type = ControlChanged.TYPE;
                    outboxEvent.occurredAt = revision.createdAt;
                    outboxEvent.payload = toJson(event);
                    return outbox.persist(outboxEvent);
                })
                .replaceWithVoid();
    }

    private String toJson(ControlChanged event) {
        try {
            return objectMapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + ControlChanged.TYPE, e);
        }
    }
}
