package dev.tousei.assessment.status;

import static dev.tousei.assessment.status.Fixtures.ACCOUNT;
import static dev.tousei.assessment.status.Fixtures.DAY;
import static dev.tousei.assessment.status.Fixtures.T0;
import static dev.tousei.assessment.status.Fixtures.TRAIL_A;
import static dev.tousei.assessment.status.Fixtures.attestation;
import static dev.tousei.assessment.status.Fixtures.control;
import static dev.tousei.assessment.status.Fixtures.describeTrails;
import static dev.tousei.assessment.status.Fixtures.startLogging;
import static dev.tousei.assessment.status.Fixtures.state;
import static dev.tousei.assessment.status.Fixtures.stopLogging;
import static dev.tousei.events.catalog.ControlSnapshot.AssessmentMode.ATTESTATION;
import static dev.tousei.events.catalog.ControlSnapshot.AssessmentMode.AUTOMATED;
import static dev.tousei.events.catalog.ControlSnapshot.AssessmentMode.BOTH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tousei.events.assessment.ControlStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StaleDeadlineTest {

    private static final Instant NOW = T0.plus(Duration.ofHours(1));

    /** nextChange is exact: the status holds until just before it and differs at it. */
    private static Instant assertExactChange(ControlDefinition control, ControlState state,
            List<Attestation> attestations, Instant now, ControlStatus before, ControlStatus after) {
        Optional<Instant> next = StaleDeadline.nextChange(control, state, attestations, now);
        assertThat(next).isPresent();
        Instant change = next.get();
        assertThat(change).isAfter(now);
        assertThat(StatusEngine.assess(control, state, attestations, null, now).status()).isEqualTo(before);
        assertThat(StatusEngine.assess(control, state, attestations, null, change.minusNanos(1)).status())
                .isEqualTo(before);
        assertThat(StatusEngine.assess(control, state, attestations, null, change).status()).isEqualTo(after);
        return change;
    }

    @Nested
    class EvidenceOnly {

        @Test
        void aPassGoesStaleJustPastTheFreshnessWindow() {
            ControlState state = state(startLogging(TRAIL_A, T0), describeTrails(T0.plusSeconds(600)));

            Instant change = assertExactChange(control(AUTOMATED), state, List.of(), NOW, ControlStatus.PASSED,
                    ControlStatus.STALE);

            assertThat(change).isEqualTo(T0.plusSeconds(600).plus(DAY).plusNanos(1));
        }

        @Test
        void nothingChangesByTimeOnceStaleFailedOrWithoutFindings() {
            ControlState passing = state(startLogging(TRAIL_A, T0));

            assertThat(StaleDeadline.nextChange(control(AUTOMATED), passing, List.of(), T0.plus(Duration.ofDays(2))))
                    .isEmpty();
            assertThat(StaleDeadline.nextChange(control(AUTOMATED), state(stopLogging(TRAIL_A, T0)), List.of(), NOW))
                    .isEmpty();
            assertThat(StaleDeadline.nextChange(control(AUTOMATED), state(describeTrails(T0)), List.of(), NOW))
                    .isEmpty();
            assertThat(StaleDeadline.nextChange(control(AUTOMATED), ControlState.empty(), List.of(), NOW)).isEmpty();
        }

        @Test
        void attestationsDoNotScheduleAutomatedControls() {
            List<Attestation> attestations = List.of(attestation(ACCOUNT, T0, T0.plusSeconds(7200)));

            assertThat(StaleDeadline.nextChange(control(AUTOMATED), ControlState.empty(), attestations, NOW))
                    .isEmpty();
        }
    }

    @Nested
    class AttestationOnly {

        @Test
        void aValidAttestationChangesWhenItExpires() {
            Attestation attestation = attestation(ACCOUNT, T0, T0.plus(Duration.ofDays(365)));

            Instant change = assertExactChange(control(ATTESTATION), ControlState.empty(), List.of(attestation), NOW,
                    ControlStatus.PASSED, ControlStatus.STALE);

            assertThat(change).isEqualTo(attestation.expiresAt());
        }

        @Test
        void aFutureAttestationChangesWhenItTakesEffect() {
            Attestation upcoming = attestation(ACCOUNT, T0.plus(DAY), T0.plus(Duration.ofDays(365)));

            Instant change = assertExactChange(control(ATTESTATION), ControlState.empty(), List.of(upcoming), NOW,
                    ControlStatus.INSUFFICIENT_DATA, ControlStatus.PASSED);

            assertThat(change).isEqualTo(upcoming.attestedAt());
        }

        @Test
        void overlappingAttestationsChangeWhenTheLastOneExpires() {
            Attestation shorter = attestation(ACCOUNT, T0, T0.plus(Duration.ofDays(30)));
            Attestation longer = attestation(null, T0.minus(DAY), T0.plus(Duration.ofDays(90)));
            Attestation renewal = attestation(ACCOUNT, T0.plus(Duration.ofDays(60)), T0.plus(Duration.ofDays(400)));

            Instant change = assertExactChange(control(ATTESTATION), ControlState.empty(),
                    List.of(shorter, longer, renewal), NOW, ControlStatus.PASSED, ControlStatus.STALE);

            assertThat(change).isEqualTo(renewal.expiresAt());
        }

        @Test
        void anExpiredAttestationChangesNothingMore() {
            Attestation expired = attestation(ACCOUNT, T0.minus(Duration.ofDays(400)), T0.minus(DAY));

            assertThat(StaleDeadline.nextChange(control(ATTESTATION), ControlState.empty(), List.of(expired), NOW))
                    .isEmpty();
            assertThat(StaleDeadline.nextChange(control(ATTESTATION), ControlState.empty(), List.of(), NOW))
                    .isEmpty();
        }
    }

    @Nested
    class Both {

        @Test
        void theEvidenceGoingStaleComesFirst() {
            ControlState state = state(startLogging(TRAIL_A, T0));
            Attestation attestation = attestation(ACCOUNT, T0, T0.plus(Duration.ofDays(365)));

            Instant change = assertExactChange(control(BOTH), state, List.of(attestation), NOW, ControlStatus.PASSED,
                    ControlStatus.STALE);

            assertThat(change).isEqualTo(T0.plus(DAY).plusNanos(1));
        }

        @Test
        void theAttestationExpiringComesFirst() {
            ControlState state = state(startLogging(TRAIL_A, T0));
            Attestation attestation = attestation(ACCOUNT, T0, T0.plus(Duration.ofHours(2)));

            Instant change = assertExactChange(control(BOTH), state, List.of(attestation), NOW, ControlStatus.PASSED,
                    ControlStatus.STALE);

            assertThat(change).isEqualTo(attestation.expiresAt());
        }

        @Test
        void aDeadlineThatChangesNoStatusIsSkipped() {
            // Only INFO evidence: its freshness deadline changes nothing; the attestation expiring does.
            ControlState state = state(describeTrails(T0));
            Attestation attestation = attestation(ACCOUNT, T0, T0.plus(Duration.ofDays(5)));

            Instant change = assertExactChange(control(BOTH), state, List.of(attestation), NOW,
                    ControlStatus.PASSED, ControlStatus.STALE);

            assertThat(change).isEqualTo(attestation.expiresAt());
        }

        @Test
        void noDeadlineMayChangeTheStatus() {
            // STALE by the expired attestation; then the evidence goes stale and a renewal takes effect: still STALE.
            ControlState state = state(startLogging(TRAIL_A, T0));
            Attestation expired = attestation(ACCOUNT, T0.minus(Duration.ofDays(400)), T0.minus(DAY));
            Attestation renewal = attestation(ACCOUNT, T0.plus(Duration.ofDays(3)), T0.plus(Duration.ofDays(400)));

            assertThat(StatusEngine.assess(control(BOTH), state, List.of(expired, renewal), null, NOW).status())
                    .isEqualTo(ControlStatus.STALE);
            assertThat(StaleDeadline.nextChange(control(BOTH), state, List.of(expired, renewal), NOW)).isEmpty();
        }

        @Test
        void failingEvidenceChangesNothingByTime() {
            ControlState state = state(stopLogging(TRAIL_A, T0));
            Attestation attestation = attestation(ACCOUNT, T0, T0.plus(Duration.ofHours(2)));

            assertThat(StaleDeadline.nextChange(control(BOTH), state, List.of(attestation), NOW)).isEmpty();
        }
    }
}
