package dev.tousei.notification.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tousei.events.assessment.ControlStatus;
import dev.tousei.events.assessment.ControlStatusChanged;
import dev.tousei.events.catalog.EvidenceRule.Effect;
import dev.tousei.events.catalog.EvidenceRule.Escalation;
import dev.tousei.events.catalog.EvidenceRule.Scope;
import dev.tousei.events.evidence.ControlEffect;
import dev.tousei.events.evidence.EvidenceRecorded;
import dev.tousei.events.evidence.EvidenceSummary;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SignalsTest {

    private static final Set<Severity> STALE = Set.of(Severity.CRITICAL, Severity.HIGH);
    private static final ControlInfo DETECT = new ControlInfo("sec04-bp01", "SEC04-BP01", "aws-wa-security", "t",
            Severity.LOW);

    private static ControlStatusChanged status(ControlStatus status, String severity, List<String> resources) {
        return new ControlStatusChanged(UUID.randomUUID(), "111122223333", "sec04-bp01", "SEC04-BP01",
                "aws-wa-security", ControlStatus.PASSED, status, severity, "why", List.of(), List.of(), resources,
                Instant.parse("2026-01-01T00:00:02Z"), Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static EvidenceRecorded evidence(String findingType, Double score, boolean sample, Escalation... escalations) {
        List<ControlEffect> effects = java.util.Arrays.stream(escalations).map(e -> new ControlEffect("sec04-bp01",
                "r", Effect.FAIL, Scope.RESOURCE, "arn:aws:s3:::b", e, "reason")).toList();
        EvidenceSummary summary = new EvidenceSummary(findingType == null ? 6003 : 2004, "x", "op", "SUCCESS", null,
                false, null, List.of("arn:aws:s3:::b"), score, findingType, null, sample);
        return new EvidenceRecorded(UUID.randomUUID(), "111122223333", 1, "h", "src", "d", "aws.guardduty",
                "ap-northeast-1", Instant.now(), Instant.now(), summary, effects);
    }

    @Test
    void failedRaisesOneAlertPerFailingResource() {
        var outcome = Signals.of(status(ControlStatus.FAILED, "HIGH", List.of("arn:a", "arn:b", "arn:a")), STALE);
        assertThat(outcome.raise()).extracting(AlertSignal::fingerprint).containsExactly(
                "control:111122223333/sec04-bp01/arn:a", "control:111122223333/sec04-bp01/arn:b");
        assertThat(outcome.raise()).allSatisfy(s -> assertThat(s.kind()).isEqualTo(AlertKind.CONTROL_FAILED));
        assertThat(outcome.clear()).isEmpty();
    }

    @Test
    void failedWithoutResourcesIsOneAccountAlert() {
        var outcome = Signals.of(status(ControlStatus.FAILED, "CRITICAL", List.of()), STALE);
        assertThat(outcome.raise()).singleElement().satisfies(s -> {
            assertThat(s.fingerprint()).isEqualTo("control:111122223333/sec04-bp01/*");
            assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(s.sourceEventId()).startsWith("status:");
        });
    }

    @Test
    void staleAlertsOnlyAtTheConfiguredSeverities() {
        assertThat(Signals.of(status(ControlStatus.STALE, "HIGH", List.of()), STALE).raise()).singleElement()
                .extracting(AlertSignal::kind).isEqualTo(AlertKind.CONTROL_STALE);
        assertThat(Signals.of(status(ControlStatus.STALE, "MEDIUM", List.of()), STALE).isEmpty()).isTrue();
    }

    @Test
    void passedAndNotApplicableResolveInsufficientDataDoesNothing() {
        assertThat(Signals.of(status(ControlStatus.PASSED, "HIGH", List.of()), STALE).clear()).singleElement()
                .satisfies(c -> assertThat(c.controlId()).isEqualTo("sec04-bp01"));
        assertThat(Signals.of(status(ControlStatus.NOT_APPLICABLE, "HIGH", List.of()), STALE).clear()).hasSize(1);
        assertThat(Signals.of(status(ControlStatus.INSUFFICIENT_DATA, "HIGH", List.of()), STALE).isEmpty()).isTrue();
    }

    @Test
    void aFindingIsOneAlertWithItsScoredSeverity() {
        var outcome = Signals.of(evidence("Backdoor:EC2/C&CActivity.B", 8.0, false, Escalation.ALERT,
                Escalation.INCIDENT), id -> DETECT);
        assertThat(outcome.raise()).singleElement().satisfies(s -> {
            assertThat(s.fingerprint()).isEqualTo(
                    "finding:111122223333/ap-northeast-1/Backdoor:EC2/C&CActivity.B/arn:aws:s3:::b");
            assertThat(s.severity()).isEqualTo(Severity.HIGH);
            assertThat(s.frameworkId()).isEqualTo("aws-wa-security");
            assertThat(s.sample()).isFalse();
        });
    }

    @Test
    void incidentIsAtLeastHighAndNoneOrInfoRaisesNothing() {
        assertThat(Signals.of(evidence(null, null, false, Escalation.INCIDENT), id -> DETECT).raise())
                .singleElement().satisfies(s -> {
                    assertThat(s.severity()).isEqualTo(Severity.HIGH); // the control says LOW
                    assertThat(s.fingerprint()).isEqualTo("control:111122223333/sec04-bp01/arn:aws:s3:::b");
                });
        assertThat(Signals.of(evidence("T", 9.0, false, Escalation.NONE), id -> DETECT).isEmpty()).isTrue();
    }

    @Test
    void sampleAndCanaryFindingsAreMarked() {
        assertThat(Signals.of(evidence("Recon:EC2/Portscan", 5.0, true, Escalation.ALERT), id -> null).raise().get(0)
                .sample()).isTrue();
        assertThat(Signals.of(evidence("Canary:EC2/Test", 5.0, false, Escalation.ALERT), id -> null).raise().get(0)
                .sample()).isTrue();
    }

    @Test
    void findingScoresFollowGuardDutyBands() {
        assertThat(Severity.ofScore(9.0)).isEqualTo(Severity.CRITICAL);
        assertThat(Severity.ofScore(8.9)).isEqualTo(Severity.HIGH);
        assertThat(Severity.ofScore(4.0)).isEqualTo(Severity.MEDIUM);
        assertThat(Severity.ofScore(3.9)).isEqualTo(Severity.LOW);
        assertThat(Severity.ofScore(0.5)).isEqualTo(Severity.INFORMATIONAL);
        assertThat(Severity.ofScore(null)).isNull();
        assertThat(Severity.of("bogus")).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void veryLongFingerprintsAreHashed() {
        String fingerprint = Fingerprints.control("111122223333", "c", "arn:" + "x".repeat(600));
        assertThat(fingerprint).startsWith("control:111122223333/c/sha256:").hasSizeLessThanOrEqualTo(100);
    }
}
