package dev.tousei.assessment.status;

import dev.tousei.events.catalog.ControlSnapshot.AssessmentMode;
import dev.tousei.events.catalog.ControlSnapshot.ControlKind;
import dev.tousei.events.catalog.ControlSnapshot.Severity;
import dev.tousei.events.catalog.EvidenceRule.Effect;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Controls, evidence and attestations for the status tests: CloudTrail trails in one account. */
final class Fixtures {

    static final String ACCOUNT = "111122223333";
    static final String OTHER_ACCOUNT = "444455556666";
    static final String CONTROL = "wa-sec04-bp01";
    static final String TRAIL_A = "arn:aws:cloudtrail:ap-northeast-1:111122223333:trail/org-trail";
    static final String TRAIL_B = "arn:aws:cloudtrail:ap-northeast-1:111122223333:trail/audit-trail";
    static final Instant T0 = Instant.parse("2025-04-01T00:00:00Z");
    static final Duration DAY = Duration.ofHours(24);

    private static long sequence = 1000;

    private Fixtures() {
    }

    static ControlDefinition control(AssessmentMode mode) {
        return new ControlDefinition(CONTROL, "SEC04-BP01", "aws-wa-security", "wa-sec04", ControlKind.REQUIREMENT,
                mode, DAY, Severity.HIGH);
    }

    static EvidenceEffect effect(Effect effect, String resource, Instant eventTime, String reason) {
        return new EvidenceEffect(UUID.randomUUID(), ACCOUNT, CONTROL, effect, resource, eventTime,
                eventTime.plusSeconds(5), ++sequence, reason);
    }

    static EvidenceEffect stopLogging(String trail, Instant at) {
        return effect(Effect.FAIL, trail, at, "StopLogging on " + name(trail) + " succeeded");
    }

    static EvidenceEffect startLogging(String trail, Instant at) {
        return effect(Effect.PASS, trail, at, "StartLogging on " + name(trail) + " succeeded");
    }

    static EvidenceEffect describeTrails(Instant at) {
        return effect(Effect.INFO, null, at, "DescribeTrails called");
    }

    static Attestation attestation(String accountId, Instant attestedAt, Instant expiresAt) {
        return new Attestation(UUID.randomUUID(), CONTROL, accountId,
                "Trail logs are reviewed weekly by the SOC and retained for seven years in the log archive account.",
                "auditor@bank.example", attestedAt, expiresAt);
    }

    static ControlState state(EvidenceEffect... effects) {
        return ControlState.empty().applyAll(java.util.List.of(effects));
    }

    private static String name(String trail) {
        return trail.substring(trail.lastIndexOf('/') + 1);
    }
}
