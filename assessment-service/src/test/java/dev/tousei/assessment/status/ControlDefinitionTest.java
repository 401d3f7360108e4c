package dev.tousei.assessment.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tousei.events.catalog.ControlSnapshot;
import dev.tousei.events.catalog.ControlSnapshot.AssessmentMode;
import dev.tousei.events.catalog.ControlSnapshot.ControlKind;
import dev.tousei.events.catalog.ControlSnapshot.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlDefinitionTest {

    private static ControlSnapshot snapshot(String freshness, AssessmentMode mode) {
        return new ControlSnapshot("fisc-jitsu-14", "実14", List.of("FISC 実14"), "fisc-anzen-13", "fisc-jitsu",
                ControlKind.REQUIREMENT, "不正使用防止", "Preventing unauthorised use", null, mode, freshness,
                Severity.HIGH, List.of(), List.of("cloudtrail-enabled"), 3);
    }

    @Test
    void takesWhatTheEngineNeedsFromTheSnapshot() {
        ControlDefinition definition = ControlDefinition.of(snapshot("PT24H", AssessmentMode.BOTH));

        assertThat(definition).isEqualTo(new ControlDefinition("fisc-jitsu-14", "実14", "fisc-anzen-13",
                "fisc-jitsu", ControlKind.REQUIREMENT, AssessmentMode.BOTH, Duration.ofHours(24), Severity.HIGH));
    }

    @ParameterizedTest
    @CsvSource({"PT24H, 24", "P365D, 8760", "P1DT12H, 36", "P2W, 336", "' PT1H ', 1"})
    void parsesTimeAndDayBasedFreshness(String iso, long hours) {
        assertThat(ControlDefinition.of(snapshot(iso, AssessmentMode.AUTOMATED)).freshness())
                .isEqualTo(Duration.ofHours(hours));
    }

    @Test
    void noFreshnessMeansEvidenceNeverGoesStale() {
        assertThat(ControlDefinition.of(snapshot(null, AssessmentMode.ATTESTATION)).freshness()).isNull();
        assertThat(ControlDefinition.of(snapshot(" ", AssessmentMode.ATTESTATION)).freshness()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"P1Y, years or months", "P6M, years or months", "24h, not an ISO-8601 duration",
            "PT0S, must be positive", "-PT1H, must be positive"})
    void rejectsFreshnessWithoutAFixedPositiveLength(String iso, String message) {
        assertThatThrownBy(() -> ControlDefinition.of(snapshot(iso, AssessmentMode.AUTOMATED)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fisc-jitsu-14")
                .hasMessageContaining(message);
    }
}
