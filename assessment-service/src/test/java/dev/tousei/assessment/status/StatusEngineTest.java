package dev.tousei.assessment.status;

import static dev.tousei.assessment.status.Fixtures.ACCOUNT;
import static dev.tousei.assessment.status.Fixtures.CONTROL;
import static dev.tousei.assessment.status.Fixtures.DAY;
import static dev.tousei.assessment.status.Fixtures.OTHER_ACCOUNT;
import static dev.tousei.assessment.status.Fixtures.T0;
import static dev.tousei.assessment.status.Fixtures.TRAIL_A;
import static dev.tousei.assessment.status.Fixtures.TRAIL_B;
import static dev.tousei.assessment.status.Fixtures.attestation;
import static dev.tousei.assessment.status.Fixtures.control;
import static dev.tousei.assessment.status.Fixtures.describeTrails;
import static dev.tousei.assessment.status.Fixtures.startLogging;
import static dev.tousei.assessment.status.Fixtures.state;
import static dev.tousei.assessment.status.Fixtures.stopLogging;
import static dev.tousei.events.assessment.ControlStatus.FAILED;
import static dev.tousei.events.assessment.ControlStatus.INSUFFICIENT_DATA;
import static dev.tousei.events.assessment.ControlStatus.NOT_APPLICABLE;
import static dev.tousei.events.assessment.ControlStatus.PASSED;
import static dev.tousei.events.assessment.ControlStatus.STALE;
import static dev.tousei.events.catalog.ControlSnapshot.AssessmentMode.ATTESTATION;
import static dev.tousei.events.catalog.ControlSnapshot.AssessmentMode.AUTOMATED;
import static dev.tousei.events.catalog.ControlSnapshot.AssessmentMode.BOTH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tousei.events.assessment.ControlStatus;
import dev.tousei.events.catalog.ControlSnapshot.AssessmentMode;
import dev.tousei.events.catalog.EvidenceRule.Effect;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusEngineTest {

    private static final Instant NOW = T0.plus(Duration.ofHours(1));

    private static Assessment assess(AssessmentMode mode, ControlState state, List<Attestation> attestations,
            Instant now) {
        return StatusEngine.assess(control(mode), state, attestations, null, now);
    }

    @Nested
    class Evidence {

        @Test
        void stopLoggingThenStartLoggingOnOneTrailPassesAgain() {
            EvidenceEffect stop = stopLogging(TRAIL_A, T0);
            EvidenceEffect start = startLogging(TRAIL_A, T0.plusSeconds(60));

            Assessment failed = assess(AUTOMATED, state(stop), List.of(), NOW);
            Assessment passed = assess(AUTOMATED, state(stop, start), List.of(), NOW);

            assertThat(failed.status()).isEqualTo(FAILED);
            assertThat(passed.status()).isEqualTo(PASSED);
            assertThat(passed.reason()).isEqualTo("Passing on " + TRAIL_A
                    + " (StartLogging on org-trail succeeded); newest evidence 2025-04-01T00:01:00Z.");
            assertThat(passed.evidenceIds()).containsExactly(start.evidenceId());
            assertThat(passed.failedResources()).isEmpty();
            assertThat(passed.evidenceAsOf()).isEqualTo(start.eventTime());
        }

        @Test
        void anOlderStopLoggingArrivingLateLeavesTheTrailPassing() {
            EvidenceEffect start = startLogging(TRAIL_A, T0.plusSeconds(60));
            EvidenceEffect lateStop = stopLogging(TRAIL_A, T0);

            Assessment assessment = assess(AUTOMATED, state(start, lateStop), List.of(), NOW);

            assertThat(assessment.status()).isEqualTo(PASSED);
            assertThat(assessment.evidenceIds()).containsExactly(start.evidenceId());
        }

        @Test
        void oneFailingTrailFailsTheAccountUntilItIsFixed() {
            EvidenceEffect startA = startLogging(TRAIL_A, T0);
            EvidenceEffect stopB = stopLogging(TRAIL_B, T0.plusSeconds(10));
            ControlState broken = state(startA, stopB);

            Assessment failed = assess(AUTOMATED, broken, List.of(), NOW);

            assertThat(failed.status()).isEqualTo(FAILED);
            assertThat(failed.failedResources()).containsExactly(TRAIL_B);
            assertThat(failed.evidenceIds()).containsExactly(stopB.evidenceId());
            assertThat(failed.reason())
                    .isEqualTo("Failing on " + TRAIL_B + " (StopLogging on audit-trail succeeded).");

            EvidenceEffect startB = startLogging(TRAIL_B, T0.plusSeconds(20));
            Assessment fixed = assess(AUTOMATED, broken.apply(startB), List.of(), NOW);

            assertThat(fixed.status()).isEqualTo(PASSED);
            assertThat(fixed.failedResources()).isEmpty();
            assertThat(fixed.reason()).startsWith("Passing on 2 resources: " + TRAIL_B + ", " + TRAIL_A + ";");
            assertThat(fixed.evidenceIds()).containsExactlyInAnyOrder(startA.evidenceId(), startB.evidenceId());
        }

        @Test
        void everyFailingResourceIsNamedWithItsReason() {
            EvidenceEffect stopA = stopLogging(TRAIL_A, T0);
            EvidenceEffect stopB = stopLogging(TRAIL_B, T0.plusSeconds(1));
            EvidenceEffect rootLogin = Fixtures.effect(Effect.FAIL, null, T0, "Root user signed in without MFA");

            Assessment assessment = assess(AUTOMATED, state(stopA, stopB, rootLogin), List.of(), NOW);

            assertThat(assessment.status()).isEqualTo(FAILED);
            assertThat(assessment.failedResources()).containsExactly(ACCOUNT, TRAIL_B, TRAIL_A);
            assertThat(assessment.reason()).isEqualTo("Failing on 3 resources: account " + ACCOUNT
                    + " (Root user signed in without MFA); " + TRAIL_B + " (StopLogging on audit-trail succeeded); "
                    + TRAIL_A + " (StopLogging on org-trail succeeded).");
            assertThat(assessment.evidenceIds()).containsExactly(
                    rootLogin.evidenceId(), stopB.evidenceId(), stopA.evidenceId());
        }

        @Test
        void infoEvidenceAloneDoesNotPassTheControl() {
            EvidenceEffect info = describeTrails(T0);

            Assessment assessment = assess(AUTOMATED, state(info), List.of(), NOW);

            assertThat(assessment.status()).isEqualTo(INSUFFICIENT_DATA);
            assertThat(assessment.reason()).isEqualTo("No PASS or FAIL evidence yet: only informational evidence "
                    + "(newest 2025-04-01T00:00:00Z), which shows collection works but proves nothing.");
            assertThat(assessment.evidenceIds()).containsExactly(info.evidenceId());
            assertThat(assessment.evidenceAsOf()).isEqualTo(T0);
        }

        @Test
        void noEvidenceIsInsufficientData() {
            Assessment assessment = assess(AUTOMATED, ControlState.empty(), List.of(), NOW);

            assertThat(assessment).isEqualTo(new Assessment(INSUFFICIENT_DATA, "No evidence yet.", List.of(),
                    List.of(), List.of(), null));
        }

        @Test
        void aPassGoesStaleOnlyOnceOlderThanTheFreshnessWindow() {
            ControlState state = state(startLogging(TRAIL_A, T0));
            Instant boundary = T0.plus(DAY);

            assertThat(assess(AUTOMATED, state, List.of(), boundary.minusNanos(1)).status()).isEqualTo(PASSED);
            assertThat(assess(AUTOMATED, state, List.of(), boundary).status()).isEqualTo(PASSED);
            Assessment stale = assess(AUTOMATED, state, List.of(), boundary.plusNanos(1));

            assertThat(stale.status()).isEqualTo(STALE);
            assertThat(stale.reason()).isEqualTo("Newest evidence (2025-04-01T00:00:00Z) is older than the 24h "
                    + "freshness window; last known: passing on " + TRAIL_A + ".");
            assertThat(stale.evidenceAsOf()).isEqualTo(T0);
        }

        @Test
        void infoEvidenceKeepsAPassFresh() {
            ControlState state = state(startLogging(TRAIL_A, T0), describeTrails(T0.plus(Duration.ofHours(20))));

            assertThat(assess(AUTOMATED, state, List.of(), T0.plus(Duration.ofHours(30))).status())
                    .isEqualTo(PASSED);
            assertThat(assess(AUTOMATED, state, List.of(), T0.plus(Duration.ofHours(45))).status())
                    .isEqualTo(STALE);
        }

        @Test
        void aKnownFailureStaysFailedHoweverOld() {
            ControlState state = state(stopLogging(TRAIL_A, T0));

            Assessment assessment = assess(AUTOMATED, state, List.of(), T0.plus(Duration.ofDays(30)));

            assertThat(assessment.status()).isEqualTo(FAILED);
            assertThat(assessment.reason()).endsWith("Newest evidence (2025-04-01T00:00:00Z) is older than the 24h "
                    + "freshness window; the failure stands until new evidence.");
        }

        @Test
        void withoutAFreshnessWindowAPassNeverGoesStale() {
            ControlDefinition timeless = new ControlDefinition(CONTROL, "SEC04-BP01", "aws-wa-security", null,
                    null, AUTOMATED, null, null);

            assertThat(StatusEngine.assess(timeless, state(startLogging(TRAIL_A, T0)), List.of(), null,
                    T0.plus(Duration.ofDays(3650))).status()).isEqualTo(PASSED);
        }

        @Test
        void automatedControlsIgnoreAttestations() {
            Attestation valid = attestation(ACCOUNT, T0, T0.plus(Duration.ofDays(365)));

            assertThat(assess(AUTOMATED, ControlState.empty(), List.of(valid), NOW).status())
                    .isEqualTo(INSUFFICIENT_DATA);
        }
    }

    @Nested
    class Attestations {

        @Test
        void aValidAttestationPassesTheControl() {
            Attestation attestation = attestation(ACCOUNT, T0, Instant.parse("2026-03-31T15:00:00Z"));

            Assessment assessment = assess(ATTESTATION, ControlState.empty(), List.of(attestation), NOW);

            assertThat(assessment.status()).isEqualTo(PASSED);
            assertThat(assessment.attestationIds()).containsExactly(attestation.id());
            assertThat(assessment.evidenceIds()).isEmpty();
            assertThat(assessment.reason()).isEqualTo("Attested by auditor@bank.example on 2025-04-01T00:00:00Z: "
                    + "\"Trail logs are reviewed weekly by the SOC and retained for seven years in the…\"; "
                    + "valid until 2026-03-31T15:00:00Z.");
        }

        @Test
        void theNewestValidAttestationWins() {
            Attestation older = attestation(ACCOUNT, T0.minus(Duration.ofDays(100)), T0.plus(Duration.ofDays(300)));
            Attestation newer = attestation(ACCOUNT, T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(30)));
            Attestation expired = attestation(ACCOUNT, T0.minus(Duration.ofDays(400)), T0.minus(Duration.ofDays(35)));

            Assessment assessment = assess(ATTESTATION, ControlState.empty(), List.of(older, expired, newer), NOW);

            assertThat(assessment.status()).isEqualTo(PASSED);
            assertThat(assessment.attestationIds()).containsExactly(newer.id());
        }

        @Test
        void onlyExpiredAttestationsMakeTheControlStale() {
            Attestation expired = attestation(ACCOUNT, T0.minus(Duration.ofDays(365)), T0.minus(Duration.ofDays(1)));

            Assessment assessment = assess(ATTESTATION, ControlState.empty(), List.of(expired), NOW);

            assertThat(assessment.status()).isEqualTo(STALE);
            assertThat(assessment.attestationIds()).containsExactly(expired.id());
            assertThat(assessment.reason()).isEqualTo("Attestation expired on 2025-03-31T00:00:00Z "
                    + "(by auditor@bank.example); a new attestation is needed.");
        }

        @Test
        void anAttestationIsValidFromItsTimeUntilJustBeforeItsExpiry() {
            Attestation attestation = attestation(ACCOUNT, T0, T0.plus(DAY));
            List<Attestation> attestations = List.of(attestation);

            assertThat(assess(ATTESTATION, ControlState.empty(), attestations, T0.minusNanos(1)).status())
                    .isEqualTo(INSUFFICIENT_DATA);
            assertThat(assess(ATTESTATION, ControlState.empty(), attestations, T0).status()).isEqualTo(PASSED);
            assertThat(assess(ATTESTATION, ControlState.empty(), attestations, T0.plus(DAY).minusNanos(1)).status())
                    .isEqualTo(PASSED);
            assertThat(assess(ATTESTATION, ControlState.empty(), attestations, T0.plus(DAY)).status())
                    .isEqualTo(STALE);
        }

        @Test
        void noAttestationIsInsufficientData() {
            Assessment assessment = assess(ATTESTATION, ControlState.empty(), List.of(), NOW);

            assertThat(assessment).isEqualTo(new Assessment(INSUFFICIENT_DATA, "No attestation yet.", List.of(),
                    List.of(), List.of(), null));
        }

        @Test
        void anAttestationNotYetInEffectSaysWhenItWillBe() {
            Attestation upcoming = attestation(ACCOUNT, T0.plus(DAY), T0.plus(Duration.ofDays(365)));

            Assessment assessment = assess(ATTESTATION, ControlState.empty(), List.of(upcoming), NOW);

            assertThat(assessment.status()).isEqualTo(INSUFFICIENT_DATA);
            assertThat(assessment.reason()).isEqualTo("No valid attestation yet; the one by auditor@bank.example "
                    + "takes effect on 2025-04-02T00:00:00Z.");
        }

        @Test
        void anAttestationForEveryAccountCoversEachAccount() {
            Attestation everyAccount = attestation(null, T0, T0.plus(Duration.ofDays(365)));

            assertThat(everyAccount.covers(CONTROL, ACCOUNT)).isTrue();
            assertThat(everyAccount.covers(CONTROL, OTHER_ACCOUNT)).isTrue();
            assertThat(everyAccount.covers("wa-sec10-bp01", ACCOUNT)).isFalse();
            Assessment assessment = assess(ATTESTATION, ControlState.empty(), List.of(everyAccount), NOW);
            assertThat(assessment.status()).isEqualTo(PASSED);
            assertThat(assessment.reason()).endsWith("valid until 2026-04-01T00:00:00Z (all accounts).");
        }

        @Test
        void anAttestationForOneAccountCoversOnlyThatAccount() {
            Attestation oneAccount = attestation(ACCOUNT, T0, T0.plus(Duration.ofDays(365)));

            assertThat(oneAccount.covers(CONTROL, ACCOUNT)).isTrue();
            assertThat(oneAccount.covers(CONTROL, OTHER_ACCOUNT)).isFalse();
            assertThat(assess(ATTESTATION, ControlState.empty(), List.of(oneAccount), NOW).reason())
                    .endsWith("valid until 2026-04-01T00:00:00Z.");
        }

        @Test
        void attestationsOfAnotherControlDoNotCount() {
            Attestation other = new Attestation(UUID.randomUUID(), "wa-sec10-bp01", ACCOUNT, "IR plan tested",
                    "auditor@bank.example", T0, T0.plus(Duration.ofDays(365)));

            assertThat(assess(ATTESTATION, ControlState.empty(), List.of(other), NOW).status())
                    .isEqualTo(INSUFFICIENT_DATA);
        }
    }

    @Nested
    class Both {

        /** Evidence and attestation whose parts have the given statuses at {@link #NOW}. */
        private Assessment assessBoth(ControlStatus evidence, ControlStatus attestation) {
            ControlState state = switch (evidence) {
                case PASSED -> state(startLogging(TRAIL_A, NOW.minus(Duration.ofHours(1))));
                case FAILED -> state(stopLogging(TRAIL_A, NOW.minus(Duration.ofHours(1))));
                case STALE -> state(startLogging(TRAIL_A, NOW.minus(Duration.ofDays(2))));
                default -> ControlState.empty();
            };
            List<Attestation> attestations = switch (attestation) {
                case PASSED -> List.of(attestation(ACCOUNT, T0, T0.plus(Duration.ofDays(365))));
                case STALE -> List.of(attestation(ACCOUNT, T0.minus(Duration.ofDays(400)), T0.minus(DAY)));
                default -> List.of();
            };
            assertThat(assess(AUTOMATED, state, attestations, NOW).status()).isEqualTo(evidence);
            assertThat(assess(ATTESTATION, state, attestations, NOW).status()).isEqualTo(attestation);
            return assess(BOTH, state, attestations, NOW);
        }

        @ParameterizedTest(name = "evidence {0} + attestation {1} -> {2}")
        @CsvSource({
            "FAILED, PASSED, FAILED",
            "FAILED, STALE, FAILED",
            "FAILED, INSUFFICIENT_DATA, FAILED",
            "PASSED, PASSED, PASSED",
            "INSUFFICIENT_DATA, PASSED, PASSED",
            "STALE, PASSED, STALE",
            "PASSED, STALE, STALE",
            "STALE, STALE, STALE",
            "INSUFFICIENT_DATA, STALE, STALE",
            "STALE, INSUFFICIENT_DATA, STALE",
            "PASSED, INSUFFICIENT_DATA, INSUFFICIENT_DATA",
            "INSUFFICIENT_DATA, INSUFFICIENT_DATA, INSUFFICIENT_DATA"})
        void combinesEvidenceAndAttestation(ControlStatus evidence, ControlStatus attestation,
                ControlStatus expected) {
            assertThat(assessBoth(evidence, attestation).status()).isEqualTo(expected);
        }

        @Test
        void failingEvidenceOverridesAValidAttestation() {
            Assessment assessment = assessBoth(FAILED, PASSED);

            assertThat(assessment.reason()).isEqualTo("Failing on " + TRAIL_A
                    + " (StopLogging on org-trail succeeded). An attestation does not override failing evidence.");
            assertThat(assessment.failedResources()).containsExactly(TRAIL_A);
            assertThat(assessment.evidenceIds()).hasSize(1);
            assertThat(assessment.attestationIds()).isEmpty();
        }

        @Test
        void aPassRestsOnTheAttestationAndTheEvidence() {
            Assessment assessment = assessBoth(PASSED, PASSED);

            assertThat(assessment.reason()).startsWith("Attested by auditor@bank.example").contains("Passing on");
            assertThat(assessment.evidenceIds()).hasSize(1);
            assertThat(assessment.attestationIds()).hasSize(1);
        }

        @Test
        void anAttestationPassesWhileNoEvidenceHasArrived() {
            assertThat(assessBoth(INSUFFICIENT_DATA, PASSED).reason()).endsWith(" No evidence yet.");
        }

        @Test
        void staleReasonsNameWhatIsStale() {
            assertThat(assessBoth(PASSED, STALE).reason()).startsWith("Attestation expired on ")
                    .doesNotContain("Passing");
            assertThat(assessBoth(STALE, STALE).reason()).startsWith("Attestation expired on ")
                    .contains("Newest evidence (");
        }

        @Test
        void insufficientDataSaysWhatIsMissing() {
            assertThat(assessBoth(PASSED, INSUFFICIENT_DATA).reason())
                    .isEqualTo("Evidence passes but an attestation is also required: No attestation yet.");
            assertThat(assessBoth(INSUFFICIENT_DATA, INSUFFICIENT_DATA).reason())
                    .isEqualTo("Needs both an attestation and PASS/FAIL evidence: No attestation yet. No evidence yet.");
        }
    }

    @Nested
    class NotApplicableDeclarations {

        private final NotApplicable declared = new NotApplicable(CONTROL, ACCOUNT,
                "No on-premises connection in this sandbox account", "admin@bank.example", T0);

        @Test
        void overridesFailingEvidence() {
            ControlState failing = state(stopLogging(TRAIL_A, T0));

            Assessment assessment = StatusEngine.assess(control(AUTOMATED), failing, List.of(), declared, NOW);

            assertThat(assessment).isEqualTo(new Assessment(NOT_APPLICABLE,
                    "Not applicable: No on-premises connection in this sandbox account "
                            + "(declared by admin@bank.example on 2025-04-01T00:00:00Z).",
                    List.of(), List.of(), List.of(), T0));
        }

        @ParameterizedTest
        @CsvSource({"AUTOMATED", "ATTESTATION", "BOTH"})
        void overridesEveryMode(AssessmentMode mode) {
            List<Attestation> valid = List.of(attestation(ACCOUNT, T0, T0.plus(Duration.ofDays(365))));
            ControlState passing = state(startLogging(TRAIL_A, T0));

            assertThat(StatusEngine.assess(control(mode), passing, valid, declared, NOW).status())
                    .isEqualTo(NOT_APPLICABLE);
            assertThat(StatusEngine.assess(control(mode), ControlState.empty(), List.of(), declared, NOW).status())
                    .isEqualTo(NOT_APPLICABLE);
        }

        @Test
        void aDeclarationForAnotherControlDoesNotCount() {
            NotApplicable otherControl = new NotApplicable("wa-sec10-bp01", ACCOUNT, "n/a", "admin", T0);

            assertThat(StatusEngine.assess(control(AUTOMATED), ControlState.empty(), List.of(), otherControl, NOW)
                    .status()).isEqualTo(INSUFFICIENT_DATA);
        }
    }
}
