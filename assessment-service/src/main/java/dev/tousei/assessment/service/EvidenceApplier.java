package dev.tousei.assessment.service;

import dev.tousei.assessment.repository.AccountRepository;
import dev.tousei.assessment.repository.ProcessedEvidenceRepository;
import dev.tousei.assessment.status.EvidenceEffect;
import dev.tousei.events.assessment.ControlStatusChanged;
import dev.tousei.events.evidence.EvidenceRecorded;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Applies one piece of evidence: only the controls it names are recomputed (work per evidence, not per catalog or
 * history), and evidence applied before changes nothing.
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

    /** @return the status changes the evidence caused (empty for a redelivery) */
    @WithTransaction
    public Uni<List<ControlStatusChanged>> apply(EvidenceRecorded evidence) {
        var now = clock.instant();
        return processed.markProcessed(evidence.evidenceId(), now).chain(first -> {
            if (!first) {
                return Uni.createFrom().item(List.<ControlStatusChanged>of());
            }
            Map<String, List<EvidenceEffect>> byControl = EvidenceEffect.from(evidence).stream()
                    .collect(Collectors.groupingBy(EvidenceEffect::controlId));
            return accounts.register(evidence.accountId(), now)
                    .chain(() -> Multi.createFrom().iterable(byControl.entrySet())
                            .onItem().transformToUniAndConcatenate(entry -> statuses.recompute(evidence.accountId(),
                                    entry.getKey(), state -> applyAll(state, entry.getValue()), now))
                            .filter(Objects::nonNull)
                            .collect().asList());
        });
    }

    private static dev.tousei.assessment.status.ControlState applyAll(dev.tousei.assessment.status.ControlState state,
                                                                    List<EvidenceEffect> effects) {
        var result = state;
        for (EvidenceEffect effect : effects) {
            result = result.apply(effect);
        }
        return result;
    }
}
