package dev.tousei.assessment.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tousei.events.catalog.EvidenceRule.Effect;
import dev.tousei.events.catalog.EvidenceRule.Escalation;
import dev.tousei.events.catalog.EvidenceRule.Scope;
import dev.tousei.events.evidence.ControlEffect;
import dev.tousei.events.evidence.EvidenceRecorded;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EvidenceEffectTest {

    private static final UUID EVIDENCE = UUID.fromString("0b9f6a52-8d0e-4a55-9a7b-3f1c2d4e5f60");
    private static final Instant EVENT_TIME = Instant.parse("2025-04-01T09:00:00Z");
    private static final Instant RECORDED_AT = Instant.parse("2025-04-01T09:00:03Z");
    private static final String TRAIL = "arn:aws:cloudtrail:ap-northeast-1:111122223333:trail/org-trail";

    private static EvidenceRecorded recorded(Instant eventTime, List<ControlEffect> effects) {
        return new EvidenceRecorded(EVIDENCE, "111122223333", 42, "hash", "source-event", "AWS API Call via CloudTrail",
                "aws.cloudtrail", "ap-northeast-1", eventTime, RECORDED_AT, null, effects);
    }

    @Test
    void oneEffectPerControlWithTheAccountChainPosition() {
        List<EvidenceEffect> effects = EvidenceEffect.from(recorded(EVENT_TIME, List.of(
                new ControlEffect("wa-sec04-bp01", "stop-logging", Effect.FAIL, Scope.RESOURCE, TRAIL,
                        Escalation.INCIDENT, "StopLogging on org-trail succeeded"),
                new ControlEffect("fisc-jitsu-14", "stop-logging", Effect.FAIL, Scope.ACCOUNT, TRAIL,
                        Escalation.NONE, "Audit logging stopped"))));

        assertThat(effects).containsExactly(
                new EvidenceEffect(EVIDENCE, "111122223333", "wa-sec04-bp01", Effect.FAIL, TRAIL, EVENT_TIME,
                        RECORDED_AT, 42, "StopLogging on org-trail succeeded"),
                new EvidenceEffect(EVIDENCE, "111122223333", "fisc-jitsu-14", Effect.FAIL, null, EVENT_TIME,
                        RECORDED_AT, 42, "Audit logging stopped"));
    }

    @Test
    void aResourceScopedEffectWithoutAResourceAppliesToTheAccount() {
        List<EvidenceEffect> effects = EvidenceEffect.from(recorded(EVENT_TIME, List.of(new ControlEffect(
                "wa-sec04-bp01", "r", Effect.PASS, Scope.RESOURCE, null, Escalation.NONE, "ok"))));

        assertThat(effects).singleElement().extracting(EvidenceEffect::resourceId).isNull();
    }

    @Test
    void theRecordingTimeStandsInForAMissingEventTime() {
        List<EvidenceEffect> effects = EvidenceEffect.from(recorded(null, List.of(new ControlEffect(
                "wa-sec04-bp01", "r", Effect.INFO, Scope.ACCOUNT, null, Escalation.NONE, "seen"))));

        assertThat(effects).singleElement().extracting(EvidenceEffect::eventTime).isEqualTo(RECORDED_AT);
    }

    @Test
    void evidenceNoRuleMatchedHasNoEffects() {
        assertThat(EvidenceEffect.from(recorded(EVENT_TIME, List.of()))).isEmpty();
        assertThat(EvidenceEffect.from(recorded(EVENT_TIME, null))).isEmpty();
    }
}
