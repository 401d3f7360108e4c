package dev.tousei.assessment.status;

import static dev.tousei.events.assessment.ControlStatus.FAILED;
import static dev.tousei.events.assessment.ControlStatus.INSUFFICIENT_DATA;
import static dev.tousei.events.assessment.ControlStatus.NOT_APPLICABLE;
import static dev.tousei.events.assessment.ControlStatus.PASSED;
import static dev.tousei.events.assessment.ControlStatus.STALE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.tousei.events.assessment.ControlStatus;
import dev.tousei.events.catalog.ControlSnapshot.AssessmentMode;
import dev.tousei.events.catalog.ControlSnapshot.ControlKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RollupTest {

    private static Assessment assessment(ControlStatus status) {
        return new Assessment(status, status.name(), List.of(), List.of(), List.of(), null);
    }

    private static List<Assessment> assessments(ControlStatus... statuses) {
        return Stream.of(statuses).map(RollupTest::assessment).toList();
    }

    private static ControlDefinition control(String id, ControlKind kind) {
        return new ControlDefinition(id, id, "fisc-anzen-13", null, kind, AssessmentMode.AUTOMATED,
                Duration.ofHours(24), null);
    }

    @Test
    void countsEveryStatusAndScoresWithoutNotApplicable() {
        Rollup rollup = Rollup.of(assessments(PASSED, PASSED, FAILED, STALE, NOT_APPLICABLE, NOT_APPLICABLE));

        assertThat(rollup.counts()).containsExactly(entry(PASSED, 2L), entry(FAILED, 1L),
                entry(INSUFFICIENT_DATA, 0L), entry(STALE, 1L), entry(NOT_APPLICABLE, 2L));
        assertThat(rollup.total()).isEqualTo(6);
        assertThat(rollup.count(INSUFFICIENT_DATA)).isZero();
        assertThat(rollup.score()).isEqualTo(50.0);
    }

    @Test
    void roundsTheScoreToOneDecimal() {
        assertThat(Rollup.of(assessments(PASSED, FAILED, INSUFFICIENT_DATA)).score()).isEqualTo(33.3);
        assertThat(Rollup.of(assessments(PASSED, PASSED, FAILED)).score()).isEqualTo(66.7);
        assertThat(Rollup.of(assessments(PASSED)).score()).isEqualTo(100.0);
        assertThat(Rollup.of(assessments(FAILED)).score()).isEqualTo(0.0);
    }

    @Test
    void hasNoScoreWhenNothingIsApplicable() {
        Rollup empty = Rollup.of(List.of());

        assertThat(empty.score()).isNull();
        assertThat(empty.total()).isZero();
        assertThat(empty.counts()).hasSize(ControlStatus.values().length).containsValue(0L).doesNotContainValue(1L);
        assertThat(Rollup.of(assessments(NOT_APPLICABLE, NOT_APPLICABLE)).score()).isNull();
    }

    @Test
    void scoresCountsKeyedByStatusName() {
        assertThat(Rollup.score(Map.of("PASSED", 3L, "FAILED", 1L, "NOT_APPLICABLE", 4L))).isEqualTo(75.0);
        assertThat(Rollup.score(Map.of(PASSED, 1L, STALE, 2L))).isEqualTo(33.3);
        assertThat(Rollup.score(Map.of("NOT_APPLICABLE", 4L))).isNull();
        assertThat(Rollup.score(Map.of())).isNull();
    }

    @Test
    void aFrameworkRollupCountsRequirementsOnly() {
        Rollup rollup = Rollup.ofFramework(List.of(
                Map.entry(control("fisc-jitsu", ControlKind.GROUP), assessment(FAILED)),
                Map.entry(control("fisc-jitsu-1", ControlKind.REQUIREMENT), assessment(PASSED)),
                Map.entry(control("fisc-jitsu-14", ControlKind.REQUIREMENT), assessment(FAILED)),
                Map.entry(control("fisc-jitsu-14", ControlKind.REQUIREMENT), assessment(PASSED)),
                Map.entry(control("fisc-jitsu-39", ControlKind.REQUIREMENT), assessment(NOT_APPLICABLE))));

        assertThat(rollup.total()).isEqualTo(4);
        assertThat(rollup.count(FAILED)).isEqualTo(1);
        assertThat(rollup.score()).isEqualTo(66.7);
        assertThat(Rollup.ofFramework(List.of()).score()).isNull();
    }
}
