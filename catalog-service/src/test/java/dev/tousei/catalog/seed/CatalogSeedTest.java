package dev.tousei.catalog.seed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tousei.catalog.ControlDocument;
import dev.tousei.catalog.seed.CatalogSeed.SeedControl;
import dev.tousei.catalog.seed.CatalogSeed.SeedFramework;
import dev.tousei.events.catalog.ControlSnapshot.AssessmentMode;
import dev.tousei.events.catalog.ControlSnapshot.ControlKind;
import dev.tousei.events.catalog.ControlSnapshot.ResponsibilityMark;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped catalog is complete and exact against the FISC and CSA seeds. */
class CatalogSeedTest {

    private static final CatalogSeed SEED = CatalogSeed.load();

    private static SeedFramework framework(String id) {
        return SEED.frameworks().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    private static List<SeedControl> requirements(String frameworkId) {
        return framework(frameworkId).controls().stream()
                .filter(c -> c.document().kind() == ControlKind.REQUIREMENT).toList();
    }

    @Test
    void shippedCatalogPassesEveryRuleTheApiEnforces() {
        assertThat(new SeedCheck(SEED).problems()).isEmpty();
    }

    @Test
    void fiscListsEveryControlItemAndBranchOfTheReference() {
        List<String> expected = Stream.of(
                IntStream.rangeClosed(1, 19).mapToObj(n -> "統" + n),
                Stream.of("統20 1", "統20 2"),
                IntStream.rangeClosed(1, 14).mapToObj(n -> "統20 3-(" + n + ")"),
                Stream.of("統20 4", "統20 5", "統20 6", "統21 1, 2", "統21 3", "統22 1", "統22 2", "統22 3",
                        "統23 1, 2"),
                IntStream.rangeClosed(1, 5).mapToObj(n -> "統24 " + n),
                Stream.of("統25", "統26", "統27")).flatMap(Function.identity()).toList();

        List<String> shipped = requirements("fisc-control-standards").stream()
                .map(c -> c.document().displayId()).toList();

        assertThat(shipped).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void fiscItemsAreCustomerDrivenAttestationsWithAwsProvidingInformation() {
        assertThat(requirements("fisc-control-standards")).allSatisfy(control -> {
            ControlDocument d = control.document();
            assertThat(d.assessmentMode()).isEqualTo(AssessmentMode.ATTESTATION);
            assertThat(d.responsibility().customer()).isEqualTo(ResponsibilityMark.PRIMARY);
            assertThat(d.responsibility().aws()).isEqualTo(ResponsibilityMark.INFORMATION);
        });
        SeedControl branch = requirements("fisc-control-standards").stream()
                .filter(c -> c.id().equals("fisc-t20-3-1")).findFirst().orElseThrow();
        assertThat(branch.document().parentId()).isEqualTo("fisc-t20");
        assertThat(branch.document().references()).isNotEmpty();
    }

    @Test
    void wellArchitectedHasAll56BestPracticesEachWithPlanAndConsiderationPoints() {
        Map<Integer, Integer> practicesPerQuestion = Map.of(1, 8, 2, 6, 3, 8, 4, 4, 5, 4, 6, 6, 7, 4, 8, 5, 9, 4,
                10, 7);
        List<String> expected = practicesPerQuestion.entrySet().stream()
                .flatMap(q -> IntStream.rangeClosed(1, q.getValue()).mapToObj(n -> "SEC" + q.getKey() + "-" + n))
                .toList();

        List<SeedControl> practices = requirements("aws-wa-security");

        assertThat(practices).hasSize(56);
        assertThat(practices).extracting(c -> c.document().displayId()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(practices).allSatisfy(control -> {
            assertThat(control.document().improvementPlan()).as(control.id()).isNotEmpty();
            assertThat(control.document().considerationPoints()).as(control.id()).isNotEmpty()
                    .allSatisfy(point -> assertThat(point.itemJa()).isNotBlank());
            assertThat(control.document().titleEn()).as(control.id()).isNotBlank();
        });
    }

    @Test
    void eachBestPracticeIsKnownByAllThreeSpellings() {
        Map<String, SeedControl> byId = requirements("aws-wa-security").stream()
                .collect(Collectors.toMap(SeedControl::id, Function.identity()));

        ControlDocument sec41 = byId.get("sec04-bp01").document();

        assertThat(sec41.displayId()).isEqualTo("SEC4-1");
        assertThat(sec41.aliases()).contains("SEC04-BP01", "SEC-4.1");
        assertThat(sec41.parentId()).isEqualTo("sec04");
        assertThat(sec41.assessmentMode()).isEqualTo(AssessmentMode.AUTOMATED);
    }

    @Test
    void incidentResponseGovernanceIsAttested() {
        Map<String, AssessmentMode> modes = requirements("aws-wa-security").stream()
                .collect(Collectors.toMap(SeedControl::id, c -> c.document().assessmentMode()));

        assertThat(modes).containsEntry("sec10-bp01", AssessmentMode.ATTESTATION)
                .containsEntry("sec10-bp02", AssessmentMode.ATTESTATION)
                .containsEntry("sec10-bp07", AssessmentMode.ATTESTATION);
    }

    @Test
    void mappingsKeepTheirProvenance() {
        assertThat(SEED.mappingSets()).hasSize(4).allSatisfy(set -> {
            assertThat(set.provenance().source()).contains("@");
            assertThat(set.mappings()).isNotEmpty();
        });
    }
}
