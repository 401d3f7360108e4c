package dev.tousei.assessment.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tousei.assessment.AttestationRow;
import dev.tousei.assessment.ControlDefinitionRow;
import dev.tousei.assessment.ControlStateRow;
import dev.tousei.assessment.ControlStatusRow;
import dev.tousei.assessment.NotApplicableRow;
import dev.tousei.assessment.OutboxEvent;
import dev.tousei.assessment.StatusTransition;
import dev.tousei.assessment.publish.TraceParent;
import dev.tousei.assessment.repository.AttestationRepository;
import dev.tousei.assessment.repository.ControlDefinitionRepository;
import dev.tousei.assessment.repository.ControlStateRepository;
import dev.tousei.assessment.repository.ControlStatusRepository;
import dev.tousei.assessment.repository.KeyedRows;
import dev.tousei.assessment.repository.NotApplicableRepository;
import dev.tousei.assessment.repository.OutboxRepository;
import dev.tousei.assessment.repository.StatusTransitionRepository;
import dev.tousei.assessment.status.Assessment;
import dev.tousei.assessment.status.Attestation;
import dev.tousei.assessment.status.ControlDefinition;
import dev.tousei.assessment.status.ControlState;
import dev.tousei.assessment.status.NotApplicable;
import dev.tousei.assessment.status.StaleDeadline;
import dev.tousei.assessment.status.StatusEngine;
import dev.tousei.events.assessment.ControlStatus;
import dev.tousei.events.assessment.ControlStatusChanged;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Recomputes one control's status in one account after something changed (evidence, an attestation, a
 * not-applicable declaration, or time passing), inside the caller's transaction. A changed status is stored, added
 * to the history and written to the outbox; an unchanged one only refreshes its reason and next check.
 */
@ApplicationScoped
public class StatusService {

    /** The order controls are locked and assessed in, by every writer of several: no deadlock between them. */
    public static final Comparator<ControlStatusRow.Key> KEY_ORDER =
            Comparator.comparing(ControlStatusRow.Key::accountId).thenComparing(ControlStatusRow.Key::controlId);

    private final ControlDefinitionRepository definitions;
    private final ControlStateRepository states;
    private final ControlStatusRepository statuses;
    private final StatusTransitionRepository transitions;
    private final AttestationRepository attestations;
    private final NotApplicableRepository notApplicable;
    private final OutboxRepository outbox;
    private final ObjectMapper objectMapper;

    StatusService(ControlDefinitionRepository definitions, ControlStateRepository states,
                  ControlStatusRepository statuses, StatusTransitionRepository transitions,
                  AttestationRepository attestations, NotApplicableRepository notApplicable, OutboxRepository outbox,
                  ObjectMapper objectMapper) {
        this.definitions = definitions;
        this.states = states;
        this.statuses = statuses;
        this.transitions = transitions;
        this.attestations = attestations;
        this.notApplicable = notApplicable;
        this.outbox = outbox;
        this.objectMapper = objectMapper;
    }

    /** @return the status event when the status changed, else null */
    public Uni<ControlStatusChanged> recompute(String accountId, String controlId, UnaryOperator<ControlState> change,
                                               Instant now) {
        return recomputeEach(accountId, controlId, List.of(new StateChange(change, TraceParent.current(), now)), now)
                .map(changes -> changes.isEmpty() ? null : changes.get(0));
    }

    /**
     * One change to a control's state and the trace it belongs to (e.g. the evidence that caused it), which the
     * status event it may cause continues.
     *
     * @param observedAt when the cause happened (the evidence's AWS event time), the status event's observedAt
     */
    public record StateChange(UnaryOperator<ControlState> apply, String traceparent, Instant observedAt) {
    }

    /**
     * Applies the changes one after the other, assessing after each, so a status that flips and flips back within
     * one batch of evidence still leaves both transitions in the history and the outbox. The rows are read (and the
     * status locked) once for the whole sequence.
     *
     * @return the status events, in order; empty when the status never changed
     */
    public Uni<List<ControlStatusChanged>> recomputeEach(String accountId, String controlId,
                                                        List<StateChange> changes, Instant now) {
        return recomputeAll(Map.of(new ControlStatusRow.Key(accountId, controlId), changes), now);
    }

    /**
     * {@link #recomputeEach} for many controls, reading what their assessment needs with one statement per table for
     * all of them (not one round trip per control and table: on a busy machine each round trip waits for the CPU
     * twice, and a batch of evidence touches hundreds of controls). Controls are assessed in key order.
     *
     * @return the status events, in order per control
     */
    public Uni<List<ControlStatusChanged>> recomputeAll(Map<ControlStatusRow.Key, List<StateChange>> changesByControl,
                                                       Instant now) {
        if (changesByControl.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<ControlStatusRow.Key> keys = new ArrayList<>(changesByControl.keySet());
        keys.sort(KEY_ORDER);
        Set<ControlStatusRow.Key> wanted = Set.copyOf(keys);
        Set<String> accounts = KeyedRows.accounts(keys);
        Set<String> controls = KeyedRows.controls(keys);
        return definitions.list("id in ?1", controls).chain(definitionRows -> statuses.findAllForUpdate(keys)
                .chain(statusRows -> states.list("key.accountId in ?1 and key.controlId in ?2", accounts, controls)
                        .chain(rows -> KeyedRows.only(rows, row -> row.key, wanted))
                        .chain(stateRows -> attestations.standingForAny(controls, accounts)
                                .chain(standing -> notApplicable.list("key.accountId in ?1 and key.controlId in ?2",
                                                accounts, controls)
                                        .chain(rows -> KeyedRows.only(rows, row -> row.key, wanted))
                                        .chain(declared -> {
                                            Loaded loaded = new Loaded(Loaded.byId(definitionRows), statusRows,
                                                    stateRows, standing, declared);
                                            return applyAll(keys, changesByControl, loaded, now);
                                        })))));
    }

    /** What the assessment of a set of controls reads, by control. */
    private record Loaded(Map<String, ControlDefinitionRow> definitions, Map<ControlStatusRow.Key, ControlStatusRow> statuses,
                          Map<ControlStatusRow.Key, ControlStateRow> states, List<AttestationRow> attestations,
                          Map<ControlStatusRow.Key, NotApplicableRow> notApplicable) {

        /** Standing attestations of the control for the account or for every account, newest first. */
        List<AttestationRow> standing(ControlStatusRow.Key key) {
            return attestations.stream().filter(row -> key.controlId().equals(row.controlId)
                    && (row.accountId == null || key.accountId().equals(row.accountId))).toList();
        }

        static Map<String, ControlDefinitionRow> byId(List<ControlDefinitionRow> rows) {
            Map<String, ControlDefinitionRow> map = new HashMap<>();
            rows.forEach(row -> map.put(row.id, row));
            return map;
        }
    }

    private Uni<List<ControlStatusChanged>> applyAll(List<ControlStatusRow.Key> keys,
                                                     Map<ControlStatusRow.Key, List<StateChange>> changesByControl,
                                                     Loaded loaded, Instant now) {
        List<ControlStatusChanged> events = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ControlStatusRow.Key key : keys) {
            ControlDefinitionRow definition = loaded.definitions().get(key.controlId());
            if (definition == null || !"REQUIREMENT".equals(definition.kind)) {
                continue;
            }
            chain = chain.chain(() -> applyEach(definition, key, loaded.statuses().get(key), loaded.states().get(key),
                    changesByControl.get(key), loaded.standing(key), loaded.notApplicable().get(key), now)
                    .invoke(events::addAll).replaceWithVoid());
        }
        return chain.replaceWith(events);
    }

    private Uni<List<ControlStatusChanged>> applyEach(ControlDefinitionRow definitionRow, ControlStatusRow.Key key,
                                                      ControlStatusRow current, ControlStateRow stateRow,
                                                      List<StateChange> changes,
                                                      List<AttestationRow> standing, NotApplicableRow declared,
                                                      Instant now) {
        ControlDefinition definition = ControlDefinition.of(definitionRow.snapshot);
        List<Attestation> attested = standing.stream().map(StatusService::toAttestation).toList();
        NotApplicable na = declared == null ? null : new NotApplicable(key.controlId(), key.accountId(),
                declared.reason, declared.declaredBy, declared.declaredAt);
        ControlStatusRow row = current;
        if (row == null) {
            row = new ControlStatusRow();
            row.key = key;
            row.frameworkId = definitionRow.frameworkId;
        }
        ControlState state = stateRow == null ? ControlState.empty() : stateRow.state;
        List<ControlStatusChanged> events = new ArrayList<>();
        List<String> traceparents = new ArrayList<>();
        for (StateChange change : changes) {
            state = change.apply().apply(state);
            Assessment assessment = StatusEngine.assess(definition, state, attested, na, now);
            ControlStatus previous = row.status == null ? null : ControlStatus.valueOf(row.status);
            boolean changed = previous != assessment.status();
            row.status = assessment.status().name();
            row.reason = assessment.reason();
            row.evidenceIds = assessment.evidenceIds();
            row.attestationIds = assessment.attestationIds();
            row.failedResources = assessment.failedResources();
            row.nextCheckAt = StaleDeadline.nextChange(definition, state, attested, now).orElse(null);
            if (changed) {
                row.since = now;
                events.add(new ControlStatusChanged(UUID.randomUUID(), key.accountId(), key.controlId(),
                        definitionRow.snapshot.displayId(), definitionRow.frameworkId, previous, assessment.status(),
                        definitionRow.snapshot.defaultSeverity() == null ? null
                                : definitionRow.snapshot.defaultSeverity().name(),
                        assessment.reason(), assessment.evidenceIds(), assessment.attestationIds(),
                        assessment.failedResources(), now, change.observedAt() == null ? now : change.observedAt()));
                traceparents.add(change.traceparent());
            }
        }
        Uni<?> persisted = Uni.createFrom().voidItem();
        if (stateRow == null) {
            ControlStateRow created = new ControlStateRow();
            created.key = key;
            created.state = state;
            persisted = persisted.chain(() -> states.persist(created));
        } else {
            stateRow.state = state;
        }
        if (current == null) {
            ControlStatusRow created = row;
            persisted = persisted.chain(() -> statuses.persist(created));
        }
        for (int i = 0; i < events.size(); i++) {
            ControlStatusChanged event = events.get(i);
            String traceparent = traceparents.get(i);
            persisted = persisted.chain(() -> transitions.persist(transition(event)))
                    .chain(() -> outbox.persist(outboxEvent(event, traceparent)));
        }
        return persisted.replaceWith(events);
    }

    private static StatusTransition transition(ControlStatusChanged event) {
        StatusTransition transition = new StatusTransition();
        transition.accountId = event.accountId();
        transition.controlId = event.controlId();
        transition.previousStatus = event.previousStatus() == null ? null : event.previousStatus().name();
        transition.status = event.status().name();
        transition.reason = event.reason();
        transition.evidenceIds = event.evidenceIds();
        transition.attestationIds = event.attestationIds();
        transition.changedAt = event.changedAt();
        return transition;
    }

    private OutboxEvent outboxEvent(ControlStatusChanged event, String traceparent) {
        OutboxEvent outboxEvent = new OutboxEvent();
        outboxEvent.eventId = event.eventId();
        outboxEvent.aggregateId = event.accountId() + "/" + event.controlId();
        outboxEvent.occurredAt = event.changedAt();
        outboxEvent.traceparent = traceparent;
        try {
            outboxEvent.payload = objectMapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + ControlStatusChanged.TYPE, e);
        }
        return outboxEvent;
    }

    static Attestation toAttestation(AttestationRow row) {
        return new Attestation(row.id, row.controlId, row.accountId, row.statement, row.auditor, row.attestedAt,
                row.expiresAt);
    }
}
