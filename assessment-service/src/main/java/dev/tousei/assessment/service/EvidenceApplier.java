package dev.tousei.assessment.service;

import dev.tousei.assessment.ControlStatusRow.Key;
import dev.tousei.assessment.repository.AccountRepository;
import dev.tousei.assessment.repository.ProcessedEvidenceRepository;
import dev.tousei.assessment.service.StatusService.StateChange;
import dev.tousei.assessment.status.ControlState;
import dev.tousei.assessment.status.EvidenceEffect;
import dev.tousei.events.assessment.ControlStatusChanged;
import dev.tousei.events.evidence.EvidenceRecorded;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Applies evidence: only the controls it names are recomputed (work per evidence, not per catalog or history), and
 * evidence applied before changes nothing. A batch is applied in one transaction; each control it touches is read and
 * locked once, and assessed after each of its pieces of evidence in order.
 */
@ApplicationScoped
public class EvidenceApplier {

    private final ProcessedEvidenceRepository processed;
    private final AccountRepository accounts;
    private final StatusService statuses;
    private final Clock clock;

    EvidenceApplier(ProcessedEvidenceRepository processed, AccountRepository accounts, StatusService statuses,
                    Clock clock) {
        this.processed = processed;
        this.accounts = accounts;
        this.statuses = statuses;
        this.clock = clock;
    }

    /** One piece of evidence and the trace of the record that brought it. */
    public record TracedEvidence(EvidenceRecorded evidence, String traceparent) {
    }

    /** @return the status changes the evidence caused (empty for a redelivery) */
    @WithTransaction
    public Uni<List<ControlStatusChanged>> apply(TracedEvidence evidence) {
        return applyInTransaction(List.of(evidence));
    }

    /**
     * @param batch evidence in the order it was recorded (per account, as consumed from one partition)
     * @return the status changes the batch caused, in order per control
     */
    @WithTransaction
    public Uni<List<ControlStatusChanged>> applyAll(List<TracedEvidence> batch) {
        return applyInTransaction(batch);
    }

    private Uni<List<ControlStatusChanged>> applyInTransaction(List<TracedEvidence> batch) {
        Instant now = clock.instant();
        Map<UUID, TracedEvidence> byId = new LinkedHashMap<>();
        batch.forEach(traced -> byId.putIfAbsent(traced.evidence().evidenceId(), traced));
        return processed.markProcessed(byId.keySet(), now)
                .chain(fresh -> applyFresh(byId.values().stream()
                        .filter(traced -> fresh.contains(traced.evidence().evidenceId())).toList(), now));
    }

    private Uni<List<ControlStatusChanged>> applyFresh(List<TracedEvidence> toApply, Instant now) {
        Map<Key, List<StateChange>> changesByControl = changesByControl(toApply);
        Set<String> newAccounts = new TreeSet<>();
        toApply.forEach(traced -> newAccounts.add(traced.evidence().accountId()));
        return Multi.createFrom().iterable(newAccounts)
                .onItem().transformToUniAndConcatenate(account -> accounts.register(account, now))
                .collect().last()
                .chain(() -> statuses.recomputeAll(changesByControl, now));
    }

    /** Per control, one state change per piece of evidence, in the evidence's order; controls in a fixed lock order. */
    private static Map<Key, List<StateChange>> changesByControl(List<TracedEvidence> evidence) {
        Map<Key, List<StateChange>> changes = new TreeMap<>(StatusService.KEY_ORDER);
        for (TracedEvidence traced : evidence) {
            Map<Key, List<EvidenceEffect>> effects = new LinkedHashMap<>();
            for (EvidenceEffect effect : EvidenceEffect.from(traced.evidence())) {
                effects.computeIfAbsent(new Key(effect.accountId(), effect.controlId()), key -> new ArrayList<>())
                        .add(effect);
            }
            effects.forEach((key, ofThisEvidence) -> changes.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new StateChange(state -> applyAll(state, ofThisEvidence), traced.traceparent(),
                            observedAt(traced.evidence()))));
        }
        return changes;
    }

    /** The AWS event's own time; when it had none, when the collector recorded it. */
    private static Instant observedAt(EvidenceRecorded evidence) {
        return evidence.eventTime() != null ? evidence.eventTime() : evidence.recordedAt();
    }

    private static ControlState applyAll(ControlState state, List<EvidenceEffect> effects) {
        var result = state;
        for (EvidenceEffect effect : effects) {
            result = result.apply(effect);
        }
        return result;
    }
}
