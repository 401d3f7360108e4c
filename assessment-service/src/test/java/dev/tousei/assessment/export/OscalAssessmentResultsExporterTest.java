package dev.tousei.assessment.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The assessment-results export is valid against NIST's OSCAL 1.1.3 schema and maps every status faithfully. */
class OscalAssessmentResultsExporterTest {

    private static final Instant NOW = Instant.parse("2026-04-10T12:00:00.987Z");
    private static final String ACCOUNT = "123456789012";
    private static final String OTHER_ACCOUNT = "210987654321";
    private static final String UUID_V5 = "[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    private static final UUID EVIDENCE = UUID.fromString("11111111-1111-4111-8111-111111111111");
    private static final UUID ATTESTATION = UUID.fromString("33333333-3333-4333-8333-333333333333");
    private static final String TRAIL = "arn:aws:cloudtrail:ap-northeast-1:123456789012:trail/org";

    private final OscalAssessmentResultsExporter exporter = new OscalAssessmentResultsExporter();

    private static AssessedControl control(String framework, String id, String displayId, String mode, String account,
                                           String status, String reason, String since, List<UUID> evidence,
                                           List<UUID> attestations, List<String> failed) {
        return new AssessedControl(framework, id, displayId, "タイトル " + id, "Title " + id, mode, account, status,
                reason, Instant.parse(since), evidence, attestations, failed);
    }

    /** One of each status, an attested control, a control id starting with a digit, awkward text. */
    private static List<AssessedControl> everyStatus() {
        return List.of(
                control("aws-wa-security", "sec04-bp01", "SEC4-1", "AUTOMATED", ACCOUNT, "FAILED",
                        "StopLogging on " + TRAIL + "\nsecond line", "2026-04-01T09:30:15.250Z", List.of(EVIDENCE),
                        List.of(), List.of(TRAIL)),
                control("aws-wa-security", "sec04-bp01", "SEC4-1", "AUTOMATED", OTHER_ACCOUNT, "PASSED",
                        "Logging on for every trail.", "2026-04-02T00:00:00Z", List.of(EVIDENCE), List.of(),
                        List.of()),
                control("aws-wa-security", "sec04-bp02", "SEC4-2", "BOTH", ACCOUNT, "STALE",
                        "  Newest evidence is 40 days old.  ", "2026-03-01T00:00:00Z", List.of(EVIDENCE),
                        List.of(ATTESTATION), List.of()),
                control("aws-wa-security", "1-legacy", "  ", null, ACCOUNT, "INSUFFICIENT_DATA", "",
                        "2026-04-03T00:00:00Z", List.of(), List.of(), List.of()),
                control("fisc-control-standards", "fisc-t1", "統1", "ATTESTATION", ACCOUNT, "PASSED",
                        "Attested by auditor: IT governance policy approved.", "2026-04-04T00:00:00Z", List.of(),
                        List.of(ATTESTATION), List.of()),
                control("fisc-control-standards", "fisc-t2", "統2", "ATTESTATION", ACCOUNT, "NOT_APPLICABLE",
                        "Not applicable: no outsourcing in this sandbox", "2026-04-05T00:00:00Z", List.of(),
                        List.of(), List.of()));
    }

    private ObjectNode export(List<AssessedControl> controls) {
        return exporter.export(controls, null, null, NOW);
    }

    @Test
    void everyStatusExportsAsValidOscalAssessmentResults() {
        ObjectNode document = export(everyStatus());

        assertThat(ExportChecks.oscalViolations(document)).isEmpty();
        JsonNode results = document.get("assessment-results");
        assertThat(results.get("uuid").asText()).matches(UUID_V5);
        JsonNode metadata = results.get("metadata");
        assertThat(metadata.get("oscal-version").asText()).isEqualTo("1.1.3");
        assertThat(metadata.get("last-modified").asText()).isEqualTo("2026-04-10T12:00:00Z");
        assertThat(metadata.get("version").asText()).isEqualTo("2026-04-05T00:00:00Z");
        assertThat(metadata.get("title").asText()).isEqualTo("tousei assessment results");
    }

    @Test
    void importApPointsToTheBackMatterResourceDescribingContinuousMonitoring() {
        JsonNode results = export(everyStatus()).get("assessment-results");

        String href = results.get("import-ap").get("href").asText();
        JsonNode resource = results.get("back-matter").get("resources").get(0);
        assertThat(href).isEqualTo("#" + resource.get("uuid").asText());
        assertThat(resource.get("title").asText()).isEqualTo("Continuous monitoring by tousei");
        assertThat(resource.get("description").asText()).contains("continuously");
    }

    @Test
    void oneResultFromTheOldestSinceToNowReviewingEveryAssessedControlPerFramework() {
        JsonNode result = export(everyStatus()).get("assessment-results").get("results").get(0);

        assertThat(result.get("start").asText()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(result.get("end").asText()).isEqualTo("2026-04-10T12:00:00Z");
        JsonNode selections = result.get("reviewed-controls").get("control-selections");
        assertThat(selections).hasSize(2);
        assertThat(selections.get(0).get("props").get(0).get("value").asText()).isEqualTo("aws-wa-security");
        assertThat(selections.get(0).get("include-controls").findValuesAsText("control-id"))
                .containsExactly("sec04-bp01", "sec04-bp02", "_1-legacy");
        assertThat(selections.get(1).get("props").get(0).get("value").asText()).isEqualTo("fisc-control-standards");
        assertThat(selections.get(1).get("include-controls").findValuesAsText("control-id"))
                .containsExactly("fisc-t1", "fisc-t2");
        assertThat(result.get("findings")).hasSize(6);
        assertThat(result.get("observations")).hasSize(6);
    }

    @Test
    void failedIsNotSatisfiedWithTheReasonAndEvidence() {
        JsonNode result = export(everyStatus()).get("assessment-results").get("results").get(0);
        JsonNode finding = result.get("findings").get(0);

        assertThat(finding.get("title").asText()).isEqualTo("SEC4-1 in " + ACCOUNT);
        assertThat(finding.get("description").asText()).isEqualTo("StopLogging on " + TRAIL + "\nsecond line");
        assertThat(prop(finding, "status")).isEqualTo("FAILED");
        assertThat(prop(finding, "account")).isEqualTo(ACCOUNT);
        assertThat(prop(finding, "framework")).isEqualTo("aws-wa-security");
        assertThat(prop(finding, "title-ja")).isEqualTo("タイトル sec04-bp01");
        JsonNode target = finding.get("target");
        assertThat(target.get("type").asText()).isEqualTo("objective-id");
        assertThat(target.get("target-id").asText()).isEqualTo("sec04-bp01");
        assertThat(target.get("status").get("state").asText()).isEqualTo("not-satisfied");
        assertThat(target.get("status").get("reason").asText()).isEqualTo("fail");

        JsonNode observation = observationOf(result, finding);
        assertThat(observation.get("methods")).extracting(JsonNode::asText).containsExactly("AUTOMATED");
        assertThat(observation.get("collected").asText()).isEqualTo("2026-04-01T09:30:15Z");
        assertThat(observation.get("relevant-evidence")).extracting(evidence -> evidence.get("href").asText())
                .containsExactly("urn:tousei:evidence:" + EVIDENCE);
        assertThat(prop(observation, "failed-resource")).isEqualTo(TRAIL);
    }

    @Test
    void statusesMapToOscalStatesWithReasons() {
        JsonNode findings = export(everyStatus()).get("assessment-results").get("results").get(0).get("findings");

        assertThat(statusOf(findings.get(1))).isEqualTo(List.of("satisfied", "pass"));
        assertThat(statusOf(findings.get(2))).isEqualTo(List.of("not-satisfied", "other"));
        assertThat(findings.get(2).get("target").get("status").get("remarks").asText()).startsWith("STALE:");
        assertThat(findings.get(2).get("description").asText()).isEqualTo("Newest evidence is 40 days old.");
        assertThat(statusOf(findings.get(3))).isEqualTo(List.of("not-satisfied", "other"));
        assertThat(findings.get(3).get("target").get("status").get("remarks").asText())
                .startsWith("INSUFFICIENT_DATA:");
        // blank reason and display id: the status and the control id stand in
        assertThat(findings.get(3).get("description").asText()).isEqualTo("INSUFFICIENT_DATA");
        assertThat(findings.get(3).get("title").asText()).isEqualTo("1-legacy in " + ACCOUNT);
        assertThat(findings.get(3).get("target").get("target-id").asText()).isEqualTo("_1-legacy");
        assertThat(statusOf(findings.get(4))).isEqualTo(List.of("satisfied", "pass"));
    }

    @Test
    void notApplicableIsSatisfiedAndMarkedNotApplicable() {
        JsonNode finding = export(everyStatus()).get("assessment-results").get("results").get(0).get("findings").get(5);
        JsonNode target = finding.get("target");

        assertThat(statusOf(finding)).isEqualTo(List.of("satisfied", "other"));
        assertThat(target.get("status").get("remarks").asText()).startsWith("NOT_APPLICABLE:");
        assertThat(target.get("props").get(0).get("name").asText()).isEqualTo("not-applicable");
        assertThat(target.get("props").get(0).get("ns").asText()).isEqualTo(OscalAssessmentResultsExporter.NS);
        assertThat(target.get("props").get(0).get("value").asText()).isEqualTo("true");
        assertThat(target.get("implementation-status").get("state").asText()).isEqualTo("not-applicable");
        assertThat(target.get("implementation-status").get("remarks").asText()).contains("sandbox");
        assertThat(prop(finding, "status")).isEqualTo("NOT_APPLICABLE");
    }

    @Test
    void attestationsAreExaminedAndReferencedByUrn() {
        JsonNode result = export(everyStatus()).get("assessment-results").get("results").get(0);
        JsonNode attested = observationOf(result, result.get("findings").get(4));
        JsonNode both = observationOf(result, result.get("findings").get(2));
        JsonNode nothing = observationOf(result, result.get("findings").get(3));

        assertThat(attested.get("methods")).extracting(JsonNode::asText).containsExactly("EXAMINE");
        assertThat(attested.get("relevant-evidence")).extracting(evidence -> evidence.get("href").asText())
                .containsExactly("urn:tousei:attestation:" + ATTESTATION);
        assertThat(both.get("methods")).extracting(JsonNode::asText).containsExactly("AUTOMATED", "EXAMINE");
        assertThat(both.get("relevant-evidence")).extracting(evidence -> evidence.get("href").asText())
                .containsExactly("urn:tousei:evidence:" + EVIDENCE, "urn:tousei:attestation:" + ATTESTATION);
        assertThat(nothing.get("methods")).extracting(JsonNode::asText).containsExactly("UNKNOWN");
        assertThat(nothing.has("relevant-evidence")).isFalse();
    }

    @Test
    void methodsWithoutEvidenceFollowTheAssessmentMode() {
        AssessedControl attestationMode = control("f", "c", "C", "ATTESTATION", ACCOUNT, "INSUFFICIENT_DATA", "r",
                "2026-04-01T00:00:00Z", List.of(), List.of(), List.of());
        AssessedControl bothMode = control("f", "c", "C", "BOTH", ACCOUNT, "INSUFFICIENT_DATA", "r",
                "2026-04-01T00:00:00Z", List.of(), List.of(), List.of());
        AssessedControl automatedMode = control("f", "c", "C", "AUTOMATED", ACCOUNT, "INSUFFICIENT_DATA", "r",
                "2026-04-01T00:00:00Z", List.of(), List.of(), List.of());

        assertThat(OscalAssessmentResultsExporter.methods(attestationMode)).containsExactly("EXAMINE");
        assertThat(OscalAssessmentResultsExporter.methods(bothMode)).containsExactly("AUTOMATED", "EXAMINE");
        assertThat(OscalAssessmentResultsExporter.methods(automatedMode)).containsExactly("AUTOMATED");
    }

    @Test
    void unchangedStatusesExportTheSameUuidsAndAChangedStatusIsANewFinding() {
        ObjectNode first = export(everyStatus());
        ObjectNode again = exporter.export(everyStatus(), null, null, NOW.plusSeconds(3600));

        assertThat(uuids(again)).isEqualTo(uuids(first));
        assertThat(uuids(first)).allMatch(uuid -> uuid.matches(UUID_V5)).doesNotHaveDuplicates();

        List<AssessedControl> changed = new ArrayList<>(everyStatus());
        changed.set(0, control("aws-wa-security", "sec04-bp01", "SEC4-1", "AUTOMATED", ACCOUNT, "PASSED", "back on",
                "2026-04-06T00:00:00Z", List.of(EVIDENCE), List.of(), List.of()));
        JsonNode changedResults = export(changed).get("assessment-results");
        JsonNode firstResults = first.get("assessment-results");
        assertThat(changedResults.get("uuid")).isEqualTo(firstResults.get("uuid"));
        assertThat(finding(changedResults, 0).get("uuid")).isNotEqualTo(finding(firstResults, 0).get("uuid"));
        assertThat(finding(changedResults, 1).get("uuid")).isEqualTo(finding(firstResults, 1).get("uuid"));

        JsonNode filtered = exporter.export(everyStatus(), "aws-wa-security", ACCOUNT, NOW).get("assessment-results");
        assertThat(filtered.get("uuid")).isNotEqualTo(firstResults.get("uuid"));
        assertThat(filtered.get("metadata").get("title").asText())
                .isEqualTo("tousei assessment results (framework aws-wa-security, account 123456789012)");
    }

    @Test
    void uuidsAreRfc4122Version5InTheCatalogExportsNamespace() {
        // uuid.uuid5(UUID('0b1d6a4e-3c55-4f57-9a1e-6f1c2b7d9e40'), 'catalog/aws-wa-security/revision/1') in Python,
        // as the catalog export's test pins it
        assertThat(OscalAssessmentResultsExporter.uuid("catalog/aws-wa-security/revision/1"))
                .isEqualTo("61aeb2ed-4e2b-57c6-b536-1382c804ffa6");
    }

    @Test
    void noStatusesIsStillAValidDocument() {
        ObjectNode document = exporter.export(List.of(), null, ACCOUNT, NOW);

        assertThat(ExportChecks.oscalViolations(document)).isEmpty();
        JsonNode result = document.get("assessment-results").get("results").get(0);
        assertThat(result.get("start").asText()).isEqualTo(result.get("end").asText());
        assertThat(result.get("reviewed-controls").get("control-selections").get(0).has("include-all")).isTrue();
        assertThat(result.has("findings")).isFalse();
    }

    @Test
    void filtersFromTheQueryStringStayOneLineInTitles() {
        ObjectNode document = exporter.export(List.of(), "aws-wa\nsecurity ", null, NOW);

        assertThat(ExportChecks.oscalViolations(document)).isEmpty();
        assertThat(document.at("/assessment-results/metadata/title").asText())
                .isEqualTo("tousei assessment results (framework aws-wa security)");
    }

    @Test
    void validatorRejectsBrokenDocuments() {
        ObjectNode valid = export(everyStatus());
        assertThat(ExportChecks.oscalViolations(valid)).isEmpty();

        ObjectNode noImportAp = valid.deepCopy();
        ((ObjectNode) noImportAp.get("assessment-results")).remove("import-ap");
        assertThat(ExportChecks.oscalViolations(noImportAp)).anySatisfy(m -> assertThat(m).contains("import-ap"));

        ObjectNode notApplicableState = valid.deepCopy();
        ((ObjectNode) finding(notApplicableState.get("assessment-results"), 5).get("target").get("status"))
                .put("state", "not-applicable");
        assertThat(ExportChecks.oscalViolations(notApplicableState)).isNotEmpty();

        ObjectNode badTargetType = valid.deepCopy();
        ((ObjectNode) finding(badTargetType.get("assessment-results"), 0).get("target")).put("type", "control-id");
        assertThat(ExportChecks.oscalViolations(badTargetType)).isNotEmpty();

        ObjectNode randomV1Uuid = valid.deepCopy();
        ((ObjectNode) randomV1Uuid.get("assessment-results")).put("uuid", "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        assertThat(ExportChecks.oscalViolations(randomV1Uuid)).isNotEmpty();

        ObjectNode noDescription = valid.deepCopy();
        ((ObjectNode) observation(noDescription.get("assessment-results"), 0).get("relevant-evidence").get(0))
                .remove("description");
        assertThat(ExportChecks.oscalViolations(noDescription)).isNotEmpty();

        ObjectNode localTime = valid.deepCopy();
        ((ObjectNode) localTime.get("assessment-results").get("results").get(0)).put("start", "2026-04-01T09:30:15");
        assertThat(ExportChecks.oscalViolations(localTime)).isNotEmpty();

        ObjectNode emptySelection = valid.deepCopy();
        ((ObjectNode) emptySelection.get("assessment-results").get("results").get(0).get("reviewed-controls")
                .get("control-selections").get(0)).putArray("include-controls");
        assertThat(ExportChecks.oscalViolations(emptySelection)).isNotEmpty();
    }

    private static JsonNode finding(JsonNode results, int index) {
        return results.get("results").get(0).get("findings").get(index);
    }

    private static JsonNode observation(JsonNode results, int index) {
        return results.get("results").get(0).get("observations").get(index);
    }

    private static JsonNode observationOf(JsonNode result, JsonNode finding) {
        String uuid = finding.get("related-observations").get(0).get("observation-uuid").asText();
        List<JsonNode> found = new ArrayList<>();
        result.get("observations").forEach(observation -> {
            if (observation.get("uuid").asText().equals(uuid)) {
                found.add(observation);
            }
        });
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static List<String> statusOf(JsonNode finding) {
        JsonNode status = finding.get("target").get("status");
        return List.of(status.get("state").asText(), status.get("reason").asText());
    }

    private static String prop(JsonNode node, String name) {
        for (JsonNode prop : node.get("props")) {
            if (prop.get("name").asText().equals(name)) {
                assertThat(prop.get("ns").asText()).isEqualTo(OscalAssessmentResultsExporter.NS);
                return prop.get("value").asText();
            }
        }
        return null;
    }

    private static List<String> uuids(JsonNode document) {
        return document.findValuesAsText("uuid").stream().sorted().toList();
    }
}
