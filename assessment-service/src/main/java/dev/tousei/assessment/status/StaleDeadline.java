package dev.tousei.assessment.status;

import dev.tousei.events.assessment.ControlStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * When a control's status will change by the passage of time alone: evidence going stale, an attestation expiring
 * or taking effect. The service schedules one check per control and account at that instant instead of polling.
 */
public final class StaleDeadline {

    private StaleDeadline() {
    }

    /**
     * The earliest instant after {@code now} at which {@link StatusEngine#assess} returns a different status for the
     * same inputs; empty when the status can only change with new input. Same inputs as {@code assess}; a
     * not-applicable declaration is left out: while one is in force, nothing changes by time.
     */
    public static Optional<Instant> nextChange(ControlDefinition control, ControlState state,
            List<Attestation> attestations, Instant now) {
        Objects.requireNonNull(now, "now");
        ControlStatus current = StatusEngine.assess(control, state, attestations, null, now).status();
        // The status is constant between these instants, so only they need checking.
        TreeSet<Instant> candidates = new TreeSet<>();
        StatusEngine.evidenceStaleFrom(control, state).ifPresent(candidates::add);
        if (attestations != null) {
            attestations.stream()
                    .filter(attestation -> attestation.controlId().equals(control.id()))
                    .forEach(attestation -> {
                        candidates.add(attestation.attestedAt());
                        candidates.add(attestation.expiresAt());
                    });
        }
        for (Instant candidate : candidates.tailSet(now, false)) {
            if (StatusEngine.assess(control, state, attestations, null, candidate).status() != current) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
