package dev.tousei.assessment.status;

import dev.tousei.events.catalog.EvidenceRule.Effect;
import dev.tousei.events.catalog.EvidenceRule.Scope;
import dev.tousei.events.evidence.ControlEffect;
import dev.tousei.events.evidence.EvidenceRecorded;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What one piece of evidence means for one control in one account.
 *
 * @param resourceId the resource the effect applies to; null when it applies to the account itself
 * @param eventTime when the AWS event happened; orders evidence for supersession and freshness
 * @param sequence the evidence's position in the account's hash chain; breaks ties between equal event times
 */
public record EvidenceEffect(
        UUID evidenceId,
        String accountId,
        String controlId,
        Effect effect,
        String resourceId,
        Instant eventTime,
        Instant recordedAt,
        long sequence,
        String reason) {

    public EvidenceEffect {
        Objects.requireNonNull(evidenceId, "evidenceId");
        Objects.requireNonNull(accountId, "accountId of evidence " + evidenceId);
        Objects.requireNonNull(controlId, "controlId of evidence " + evidenceId);
        Objects.requireNonNull(effect, "effect of evidence " + evidenceId);
        Objects.requireNonNull(eventTime, "eventTime of evidence " + evidenceId);
    }

    /**
     * One effect per control the evidence touches; none when no rule matched. When the event carries no time, the
     * time it was recorded stands in for it.
     */
    public static List<EvidenceEffect> from(EvidenceRecorded recorded) {
        if (recorded.effects() == null) {
            return List.of();
        }
        Instant eventTime = recorded.eventTime() != null ? recorded.eventTime() : recorded.recordedAt();
        return recorded.effects().stream()
                .map(effect -> new EvidenceEffect(
                        recorded.evidenceId(),
                        recorded.accountId(),
                        effect.controlId(),
                        effect.effect(),
                        resourceOf(effect),
                        eventTime,
                        recorded.recordedAt(),
                        recorded.sequence(),
                        effect.reason()))
                .toList();
    }

    private static String resourceOf(ControlEffect effect) {
        if (effect.scope() == Scope.ACCOUNT || effect.resourceId() == null || effect.resourceId().isBlank()) {
            return null;
        }
        return effect.resourceId();
    }
}
