package dev.tousei.assessment.status;

import static dev.tousei.assessment.status.Fixtures.ACCOUNT;
import static dev.tousei.assessment.status.Fixtures.CONTROL;
import static dev.tousei.assessment.status.Fixtures.T0;
import static dev.tousei.assessment.status.Fixtures.TRAIL_A;
import static dev.tousei.assessment.status.Fixtures.TRAIL_B;
import static dev.tousei.assessment.status.Fixtures.describeTrails;
import static dev.tousei.assessment.status.Fixtures.startLogging;
import static dev.tousei.assessment.status.Fixtures.state;
import static dev.tousei.assessment.status.Fixtures.stopLogging;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tousei.events.assessment.ControlStatus;
import dev.tousei.events.catalog.EvidenceRule.Effect;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ControlStateTest {

    @Test
    void laterEvidenceForTheSameResourceSupersedesEarlier() {
        EvidenceEffect stop = stopLogging(TRAIL_A, T0);
        EvidenceEffect start = startLogging(TRAIL_A, T0.plusSeconds(60));

        ControlState state = state(stop, start);

        assertThat(state.resources()).containsOnlyKeys(TRAIL_A);
        assertThat(state.resources().get(TRAIL_A)).isEqualTo(new ResourceFinding(ControlStatus.PASSED,
                start.evidenceId(), start.eventTime(), start.sequence(), "StartLogging on org-trail succeeded"));
    }

    @Test
    void olderEvidenceArrivingLateDoesNotOverwriteNewer() {
        EvidenceEffect start = startLogging(TRAIL_A, T0.plusSeconds(60));
        EvidenceEffect lateStop = stopLogging(TRAIL_A, T0);
        ControlState passed = state(start);

        ControlState after = passed.apply(lateStop);

        assertThat(after.resources().get(TRAIL_A).status()).isEqualTo(ControlStatus.PASSED);
        assertThat(after.resources().get(TRAIL_A).evidenceId()).isEqualTo(start.evidenceId());
        assertThat(after.newestEvidenceAt()).isEqualTo(start.eventTime());
        assertThat(after).isSameAs(passed);
    }

    @Test
    void theChainSequenceBreaksTiesBetweenEqualEventTimes() {
        EvidenceEffect first = new EvidenceEffect(UUID.randomUUID(), ACCOUNT, CONTROL, Effect.FAIL, TRAIL_A, T0, T0,
                7, "StopLogging");
        EvidenceEffect second = new EvidenceEffect(UUID.randomUUID(), ACCOUNT, CONTROL, Effect.PASS, TRAIL_A, T0, T0,
                8, "StartLogging");

        assertThat(state(first, second).resources().get(TRAIL_A).evidenceId()).isEqualTo(second.evidenceId());
        assertThat(state(second, first).resources().get(TRAIL_A).evidenceId()).isEqualTo(second.evidenceId());
        assertThat(state(second, first).newestEvidenceIds())
                .containsExactlyInAnyOrder(first.evidenceId(), second.evidenceId());
    }

    @Test
    void infoNeverChangesAFindingButRefreshesTheNewestEvidence() {
        EvidenceEffect stop = stopLogging(TRAIL_A, T0);
        EvidenceEffect info = describeTrails(T0.plusSeconds(3600));

        ControlState state = state(stop, info);

        assertThat(state.resources()).containsOnlyKeys(TRAIL_A);
        assertThat(state.resources().get(TRAIL_A).status()).isEqualTo(ControlStatus.FAILED);
        assertThat(state.newestEvidenceAt()).isEqualTo(info.eventTime());
        assertThat(state.newestEvidenceIds()).containsExactly(info.evidenceId());
    }

    @Test
    void evidenceAboutTheAccountItselfIsKeyedByTheAccountId() {
        EvidenceEffect rootLogin = Fixtures.effect(Effect.FAIL, null, T0, "Root user signed in without MFA");

        assertThat(state(rootLogin).resources()).containsOnlyKeys(ACCOUNT);
    }

    @Test
    void applyingTheSameEvidenceTwiceChangesNothing() {
        EvidenceEffect stop = stopLogging(TRAIL_A, T0);
        EvidenceEffect start = startLogging(TRAIL_B, T0);
        ControlState once = state(stop, start);

        ControlState twice = once.apply(stop).apply(start);

        assertThat(twice).isSameAs(once);
        assertThat(twice.newestEvidenceIds()).hasSize(2);
    }

    @Test
    void theStateDoesNotDependOnArrivalOrder() {
        List<EvidenceEffect> effects = List.of(
                stopLogging(TRAIL_A, T0),
                startLogging(TRAIL_A, T0.plusSeconds(10)),
                stopLogging(TRAIL_B, T0.plusSeconds(20)),
                describeTrails(T0.plusSeconds(30)),
                startLogging(TRAIL_B, T0.plusSeconds(5)),
                describeTrails(T0.plusSeconds(30)));
        ControlState expected = ControlState.empty().applyAll(effects);
        Random random = new Random(4);

        for (int shuffle = 0; shuffle < 50; shuffle++) {
            List<EvidenceEffect> shuffled = new ArrayList<>(effects);
            Collections.shuffle(shuffled, random);
            shuffled.add(shuffled.get(0)); // a redelivery

            assertThat(ControlState.empty().applyAll(shuffled)).isEqualTo(expected);
        }
        assertThat(expected.resourcesWith(ControlStatus.PASSED)).containsExactly(TRAIL_A);
        assertThat(expected.resourcesWith(ControlStatus.FAILED)).containsExactly(TRAIL_B);
    }

    @Test
    void anEmptyStateHasNoEvidence() {
        ControlState empty = ControlState.empty();

        assertThat(empty.resources()).isEmpty();
        assertThat(empty.newestEvidenceAt()).isNull();
        assertThat(empty.newestEvidenceIds()).isEmpty();
        assertThat(new ControlState(null, null, null)).isEqualTo(empty);
    }
}
