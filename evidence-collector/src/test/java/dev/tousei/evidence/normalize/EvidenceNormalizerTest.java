package dev.tousei.evidence.normalize;

import static dev.tousei.evidence.normalize.Fixtures.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tousei.events.evidence.EvidenceSummary;
import dev.tousei.events.evidence.EvidenceSummary.Actor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EvidenceNormalizerTest {

    private static final String TRAIL_ARN = "arn:aws:cloudtrail:ap-northeast-1:111122223333:trail/tousei-org-trail";

    private final EvidenceNormalizer normalizer = new EvidenceNormalizer();

    // API activity (CloudTrail)

    @Test
    void successfulCallWithoutErrorCode() {
        NormalizedEvent event = normalizer.normalize(envelope("cloudtrail-stoplogging-by-name.json"));

        assertThat(event.dedupKey()).isEqualTo("cloudtrail:5a0f3c2e-1111-4b2a-9c3d-aaaaaaaaaaa1");
        assertThat(event.summary()).isEqualTo(new EvidenceSummary(6003, "API Activity", "StopLogging", "SUCCESS",
                null, false, new Actor("IAMUser", "arn:aws:iam::111122223333:user/ops-suzuki", "ops-suzuki",
                        false, null),
                List.of(), null, null, null, false));
    }

    @Test
    void failedCallCarriesItsErrorCodeAndTheAssumedRolesIssuer() {
        EvidenceSummary summary = normalizer.normalize(envelope("cloudtrail-createaccesskey-denied.json")).summary();

        assertThat(summary.operation()).isEqualTo("CreateAccessKey");
        assertThat(summary.outcome()).isEqualTo("FAILURE");
        assertThat(summary.errorCode()).isEqualTo("AccessDenied");
        assertThat(summary.actor()).isEqualTo(new Actor("AssumedRole",
                "arn:aws:sts::111122223333:assumed-role/BankOpsRole/tanaka", "BankOpsRole", false, true));
    }

    @Test
    void readOnlyCallAndMfaNotAuthenticated() {
        EvidenceSummary summary = normalizer.normalize(envelope("cloudtrail-describetrails-readonly.json")).summary();

        assertThat(summary.readOnly()).isTrue();
        assertThat(summary.outcome()).isEqualTo("SUCCESS");
        assertThat(summary.actor().mfaUsed()).isFalse();
        assertThat(summary.actor().name()).isEqualTo("ToUseiAuditor");
    }

    @Test
    void resourcesComeFromTheRecordsResourceArns() {
        EvidenceSummary summary = normalizer.normalize(envelope("cloudtrail-stoplogging-by-arn.json")).summary();

        assertThat(summary.resources()).containsExactly(TRAIL_ARN);
    }

    @Test
    void consoleSignInWithoutMfa() {
        NormalizedEvent event = normalizer.normalize(envelope("signin-iamuser-no-mfa.json"));

        assertThat(event.dedupKey()).isEqualTo("cloudtrail:8d3a6f51-5555-4e5d-8f60-ddddddddddd5");
        assertThat(event.summary()).isEqualTo(new EvidenceSummary(6003, "API Activity", "ConsoleLogin", "SUCCESS",
                null, false, new Actor("IAMUser", "arn:aws:iam::111122223333:user/teller-sato", "teller-sato",
                        false, false),
                List.of(), null, null, null, false));
    }

    @Test
    void rootSignInWithMfaWrittenInCapitals() {
        Actor actor = normalizer.normalize(envelope("signin-root-mfa.json")).summary().actor();

        assertThat(actor).isEqualTo(new Actor("Root", "arn:aws:iam::111122223333:root", null, true, true));
    }

    @Test
    void failedSignInIsAFailureWithoutAnErrorCode() {
        EvidenceSummary summary = normalizer.normalize(envelope("signin-root-failure.json")).summary();

        assertThat(summary.outcome()).isEqualTo("FAILURE");
        assertThat(summary.errorCode()).isNull();
        assertThat(summary.readOnly()).isFalse();
        assertThat(summary.actor().root()).isTrue();
        assertThat(summary.actor().mfaUsed()).isFalse();
    }

    @Test
    void signInIsNeverReadOnlyEvenWhenTheRecordSaysSo() {
        ObjectNode tree = Fixtures.tree("signin-iamuser-no-mfa.json");
        ((ObjectNode) tree.get("detail")).put("readOnly", true);

        assertThat(normalizer.normalize(envelope(Fixtures.toBytes(tree))).summary().readOnly()).isFalse();
    }

    @Test
    void missingUserIdentityLeavesTheActorUnknown() {
        ObjectNode tree = Fixtures.tree("cloudtrail-stoplogging-by-name.json");
        ((ObjectNode) tree.get("detail")).remove("userIdentity");

        assertThat(normalizer.normalize(envelope(Fixtures.toBytes(tree))).summary().actor()).isNull();
    }

    // findings and other events

    @Test
    void configRuleTurnedNonCompliant() {
        EvidenceSummary summary = normalizer.normalize(envelope("config-compliance-noncompliant.json")).summary();

        assertThat(summary).isEqualTo(new EvidenceSummary(2003, "Compliance Finding",
                "s3-bucket-public-read-prohibited", "UNKNOWN", null, false, null,
                List.of("arn:aws:s3:::tousei-customer-statements"), null, null, "NON_COMPLIANT", false));
    }

    @Test
    void configurationItemChangeIsOther() {
        EvidenceSummary summary = normalizer.normalize(envelope("config-item-change-sg.json")).summary();

        assertThat(summary.classUid()).isZero();
        assertThat(summary.className()).isEqualTo("Other");
        assertThat(summary.operation()).isEqualTo("AWS::EC2::SecurityGroup UPDATE");
        assertThat(summary.resources())
                .containsExactly("arn:aws:ec2:ap-northeast-1:111122223333:security-group/sg-0a1b2c3d4e5f60718");
    }

    @Test
    void highSeverityGuardDutySampleFinding() {
        NormalizedEvent event = normalizer.normalize(envelope("guardduty-high-sample.json"));

        assertThat(event.dedupKey()).isEqualTo("envelope:3d4e5f60-7182-4930-a4b5-c6d7e8f90a1b");
        assertThat(event.summary()).isEqualTo(new EvidenceSummary(2004, "Detection Finding",
                "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS", "UNKNOWN", null, false,
                null, List.of("i-0123456789abcdef0", "arn:aws:iam::111122223333:user/batch-uploader", TRAIL_ARN),
                8.0, "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS", null, true));
    }

    @Test
    void liveGuardDutyFindingIsNotASample() {
        EvidenceSummary summary = normalizer.normalize(envelope("guardduty-high-live.json")).summary();

        assertThat(summary.sample()).isFalse();
        assertThat(summary.severity()).isEqualTo(8.9);
    }

    @Test
    void canaryArchivedAndStringFlaggedGuardDutyFindingsAreSamples() {
        ObjectNode canary = Fixtures.tree("guardduty-high-live.json");
        detail(canary).put("type", "Canary:EC2/Stateless.IntegTest");
        ObjectNode archived = Fixtures.tree("guardduty-high-live.json");
        ((ObjectNode) detail(archived).get("service")).put("archived", true);
        ObjectNode flaggedAsText = Fixtures.tree("guardduty-high-live.json");
        ((ObjectNode) detail(flaggedAsText).get("service").get("additionalInfo")).put("sample", "true");

        for (ObjectNode tree : List.of(canary, archived, flaggedAsText)) {
            assertThat(normalizer.normalize(envelope(Fixtures.toBytes(tree))).summary().sample()).isTrue();
        }
    }

    @Test
    void emptyGuardDutyDetailGivesEmptyFacts() {
        ObjectNode tree = Fixtures.tree("guardduty-high-live.json");
        tree.putObject("detail");

        EvidenceSummary summary = normalizer.normalize(envelope(Fixtures.toBytes(tree))).summary();

        assertThat(summary).isEqualTo(new EvidenceSummary(2004, "Detection Finding", null, "UNKNOWN", null, false,
                null, List.of(), null, null, null, false));
    }

    @Test
    void securityHubControlFinding() {
        EvidenceSummary summary = normalizer.normalize(envelope("securityhub-cloudtrail1-failed.json")).summary();

        assertThat(summary).isEqualTo(new EvidenceSummary(2004, "Detection Finding", "CloudTrail.1", "UNKNOWN",
                null, false, null, List.of(
                        "arn:aws:securityhub:ap-northeast-1:111122223333:security-control/CloudTrail.1/finding/"
                                + "11112222-3333-4444-5555-666677778888",
                        "AWS::::Account:111122223333"),
                7.0, "Software and Configuration Checks/Industry and Regulatory Standards", "FAILED", false));
    }

    @Test
    void securityHubSeverityFromTheLabelWhenNormalizedIsAbsent() {
        ObjectNode tree = Fixtures.tree("securityhub-cloudtrail1-failed.json");
        ObjectNode severity = (ObjectNode) firstFinding(tree).get("Severity");
        severity.remove("Normalized");
        severity.put("Label", "CRITICAL");

        assertThat(normalizer.normalize(envelope(Fixtures.toBytes(tree))).summary().severity()).isEqualTo(9.0);
    }

    @Test
    void suppressedArchivedAndGuardDutySampleSecurityHubFindingsAreSamples() {
        ObjectNode suppressed = Fixtures.tree("securityhub-cloudtrail1-failed.json");
        ((ObjectNode) firstFinding(suppressed).get("Workflow")).put("Status", "SUPPRESSED");
        ObjectNode archived = Fixtures.tree("securityhub-cloudtrail1-failed.json");
        firstFinding(archived).put("RecordState", "ARCHIVED");
        ObjectNode guardDutySample = Fixtures.tree("securityhub-cloudtrail1-failed.json");
        ((ObjectNode) firstFinding(guardDutySample).get("ProductFields"))
                .put("aws/guardduty/service/additionalInfo/sample", "true");

        for (ObjectNode tree : List.of(suppressed, archived, guardDutySample)) {
            assertThat(normalizer.normalize(envelope(Fixtures.toBytes(tree))).summary().sample()).isTrue();
        }
    }

    @Test
    void securityHubWithoutFindingsGivesEmptyFacts() {
        ObjectNode tree = Fixtures.tree("securityhub-cloudtrail1-failed.json");
        detail(tree).putArray("findings");

        EvidenceSummary summary = normalizer.normalize(envelope(Fixtures.toBytes(tree))).summary();

        assertThat(summary.classUid()).isEqualTo(2004);
        assertThat(summary.operation()).isEqualTo("Security Hub Findings - Imported");
        assertThat(summary.severity()).isNull();
        assertThat(summary.findingType()).isNull();
    }

    @Test
    void anythingElseIsOtherNamedByItsDetailType() {
        NormalizedEvent event = normalizer.normalize(envelope("other-ec2-state-change.json"));

        assertThat(event.dedupKey()).isEqualTo("envelope:60718293-a4b5-4c63-97e8-f90a1b2c3d4e");
        assertThat(event.summary()).isEqualTo(new EvidenceSummary(0, "Other",
                "EC2 Instance State-change Notification", "UNKNOWN", null, false, null,
                List.of("arn:aws:ec2:ap-northeast-1:111122223333:instance/i-0123456789abcdef0"), null, null, null,
                false));
    }

    // deduplication

    @Test
    void theSameCloudTrailEventInTwoEnvelopesHasOneKey() {
        Envelope first = envelope("cloudtrail-stoplogging-by-name.json");
        Envelope redelivered = envelope("cloudtrail-stoplogging-redelivered.json");

        assertThat(redelivered.id()).isNotEqualTo(first.id());
        assertThat(normalizer.normalize(redelivered).dedupKey()).isEqualTo(normalizer.normalize(first).dedupKey());
    }

    @Test
    void differentCloudTrailEventsHaveDifferentKeys() {
        assertThat(normalizer.normalize(envelope("cloudtrail-stoplogging-by-arn.json")).dedupKey())
                .isEqualTo("cloudtrail:5a0f3c2e-2222-4b2a-9c3d-aaaaaaaaaaa2")
                .isNotEqualTo(normalizer.normalize(envelope("cloudtrail-stoplogging-by-name.json")).dedupKey());
    }

    @Test
    void cloudTrailEnvelopeWithoutAUsableEventIdFallsBackToTheEnvelopeId() {
        ObjectNode missing = Fixtures.tree("cloudtrail-stoplogging-by-name.json");
        detail(missing).remove("eventID");
        ObjectNode numeric = Fixtures.tree("cloudtrail-stoplogging-by-name.json");
        detail(numeric).put("eventID", 42);
        ObjectNode huge = Fixtures.tree("cloudtrail-stoplogging-by-name.json");
        detail(huge).put("eventID", "e".repeat(1_000));

        for (ObjectNode tree : List.of(missing, numeric, huge)) {
            assertThat(normalizer.normalize(envelope(Fixtures.toBytes(tree))).dedupKey())
                    .isEqualTo("envelope:7d3c1a52-0b6e-4c1e-9a40-1f2e3d4c5b61");
        }
    }

    // resources

    @Test
    void resourcesAreDeduplicatedInOrderAndCappedAt50() {
        ObjectNode tree = Fixtures.tree("other-ec2-state-change.json");
        ArrayNode resources = tree.putArray("resources");
        IntStream.range(0, 80).forEach(i -> resources.add("arn:aws:s3:::bucket-" + (i % 60)));
        resources.add("");

        List<String> listed = normalizer.normalize(envelope(Fixtures.toBytes(tree))).summary().resources();

        assertThat(listed).hasSize(50).doesNotHaveDuplicates()
                .startsWith("arn:aws:s3:::bucket-0", "arn:aws:s3:::bucket-1")
                .endsWith("arn:aws:s3:::bucket-49");
    }

    @Test
    void resourceAtReadsDottedPathsAndArrayIndexes() {
        Envelope byArn = envelope("cloudtrail-stoplogging-by-arn.json");

        assertThat(normalizer.resourceAt(byArn, "detail.requestParameters.name")).isEqualTo(TRAIL_ARN);
        assertThat(normalizer.resourceAt(byArn, "detail.resources.0.ARN")).isEqualTo(TRAIL_ARN);
        assertThat(normalizer.resourceAt(byArn, "detail.readOnly")).isEqualTo("false");
        assertThat(normalizer.resourceAt(byArn, "account")).isEqualTo("111122223333");
        assertThat(normalizer.resourceAt(byArn, "detail-type")).isEqualTo("AWS API Call via CloudTrail");
    }

    @Test
    void resourceAtIsNullWhereThePathLeadsNowhere() {
        Envelope byArn = envelope("cloudtrail-stoplogging-by-arn.json");

        assertThat(normalizer.resourceAt(byArn, "detail.requestParameters")).isNull();
        assertThat(normalizer.resourceAt(byArn, "detail.responseElements")).isNull();
        assertThat(normalizer.resourceAt(byArn, "detail.resources.1.ARN")).isNull();
        assertThat(normalizer.resourceAt(byArn, "detail.resources.first.ARN")).isNull();
        assertThat(normalizer.resourceAt(byArn, "detail.eventName.length")).isNull();
        assertThat(normalizer.resourceAt(byArn, "detail.nothing.here")).isNull();
        assertThat(normalizer.resourceAt(byArn, "")).isNull();
        assertThat(normalizer.resourceAt(byArn, null)).isNull();
    }

    @Test
    void aTrailNamedByNameOrByArnGetsOneId() {
        Envelope byName = envelope("cloudtrail-stoplogging-by-name.json");
        Envelope byArn = envelope("cloudtrail-stoplogging-by-arn.json");
        String path = "detail.requestParameters.name";

        assertThat(normalizer.canonicalResource(byName, normalizer.resourceAt(byName, path))).isEqualTo(TRAIL_ARN);
        assertThat(normalizer.canonicalResource(byArn, normalizer.resourceAt(byArn, path))).isEqualTo(TRAIL_ARN);
    }

    @Test
    void otherServicesValuesAreLeftAlone() {
        Envelope iam = envelope("cloudtrail-createaccesskey-denied.json");

        assertThat(normalizer.canonicalResource(iam, "batch-uploader")).isEqualTo("batch-uploader");
        assertThat(normalizer.canonicalResource(iam, null)).isNull();
    }

    @Test
    void detectorAndRecorderAndBucketNamesBecomeArns() {
        Envelope detector = cloudTrailCall("guardduty.amazonaws.com", "DeleteDetector", "detectorId",
                "12abc34d567e8fa901bc2d34e56789f0");
        Envelope recorder = cloudTrailCall("config.amazonaws.com", "StopConfigurationRecorder",
                "configurationRecorderName", "default");
        Envelope bucket = cloudTrailCall("s3.amazonaws.com", "PutBucketPolicy", "bucketName", "tousei-statements");

        assertThat(normalizer.canonicalResource(detector, "12abc34d567e8fa901bc2d34e56789f0"))
                .isEqualTo("arn:aws:guardduty:ap-northeast-1:111122223333:detector/12abc34d567e8fa901bc2d34e56789f0");
        assertThat(normalizer.canonicalResource(detector, "0000aaaa1111bbbb2222cccc3333dddd"))
                .isEqualTo("0000aaaa1111bbbb2222cccc3333dddd");
        assertThat(normalizer.canonicalResource(recorder, "default"))
                .isEqualTo("arn:aws:config:ap-northeast-1:111122223333:config-recorder/default");
        assertThat(normalizer.canonicalResource(recorder, "s3-bucket-public-read-prohibited"))
                .isEqualTo("s3-bucket-public-read-prohibited");
        assertThat(normalizer.canonicalResource(bucket, "tousei-statements"))
                .isEqualTo("arn:aws:s3:::tousei-statements");
    }

    @Test
    void findingsAndConfigResourcesGetTheIdsTheSummaryLists() {
        Envelope finding = envelope("guardduty-high-sample.json");
        Envelope compliance = envelope("config-compliance-noncompliant.json");

        assertThat(normalizer.canonicalResource(finding, "12abc34d567e8fa901bc2d34e56789f0"))
                .isEqualTo("arn:aws:guardduty:ap-northeast-1:111122223333:detector/12abc34d567e8fa901bc2d34e56789f0");
        assertThat(normalizer.canonicalResource(compliance, normalizer.resourceAt(compliance, "detail.resourceId")))
                .isEqualTo("arn:aws:s3:::tousei-customer-statements")
                .isIn(normalizer.normalize(compliance).summary().resources());
    }

    @Test
    void chinaRegionsUseTheirPartition() {
        ObjectNode tree = Fixtures.tree("cloudtrail-stoplogging-by-name.json");
        tree.put("region", "cn-north-1");

        assertThat(normalizer.canonicalResource(envelope(Fixtures.toBytes(tree)), "tousei-org-trail"))
                .isEqualTo("arn:aws-cn:cloudtrail:cn-north-1:111122223333:trail/tousei-org-trail");
    }

    // robustness

    @Test
    void neverThrowsWhateverShapeTheDetailHas() {
        List<JsonNode> oddValues = List.of(NullNode.getInstance(), IntNode.valueOf(-1), TextNode.valueOf(""),
                TextNode.valueOf("x"), BooleanNode.TRUE, Fixtures.JSON.createArrayNode(),
                Fixtures.JSON.createObjectNode());
        int normalized = 0;
        for (String fixture : ACCEPTED_FIXTURES) {
            ObjectNode original = Fixtures.tree(fixture);
            for (String pointer : pointers(original.get("detail"), "/detail")) {
                for (JsonNode odd : oddValues) {
                    ObjectNode tree = original.deepCopy();
                    replace(tree, JsonPointer.compile(pointer), odd);
                    Envelope envelope = envelope(Fixtures.toBytes(tree));
                    assertThatCode(() -> {
                        normalizer.normalize(envelope);
                        normalizer.resourceAt(envelope, "detail.requestParameters.name");
                        normalizer.resourceAt(envelope, "detail.resources.0.ARN");
                        normalizer.canonicalResource(envelope, "tousei-org-trail");
                    }).as("%s with %s = %s", fixture, pointer, odd).doesNotThrowAnyException();
                    normalized++;
                }
            }
        }
        assertThat(normalized).isGreaterThan(1_000);
    }

    private static final List<String> ACCEPTED_FIXTURES = List.of("cloudtrail-stoplogging-by-name.json",
            "cloudtrail-stoplogging-by-arn.json", "cloudtrail-createaccesskey-denied.json",
            "cloudtrail-describetrails-readonly.json", "signin-iamuser-no-mfa.json", "signin-root-mfa.json",
            "signin-root-failure.json", "config-compliance-noncompliant.json", "config-item-change-sg.json",
            "guardduty-high-sample.json", "securityhub-cloudtrail1-failed.json", "other-ec2-state-change.json");

    /** JSON pointers to every node below {@code node}. */
    private static List<String> pointers(JsonNode node, String at) {
        List<String> pointers = new ArrayList<>();
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                String child = at + "/" + entry.getKey().replace("~", "~0").replace("/", "~1");
                pointers.add(child);
                pointers.addAll(pointers(entry.getValue(), child));
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                pointers.add(at + "/" + i);
                pointers.addAll(pointers(node.get(i), at + "/" + i));
            }
        }
        return pointers;
    }

    private static void replace(ObjectNode tree, JsonPointer pointer, JsonNode value) {
        JsonNode parent = tree.at(pointer.head());
        if (parent instanceof ObjectNode object) {
            object.set(pointer.last().getMatchingProperty(), value);
        } else {
            ((ArrayNode) parent).set(pointer.last().getMatchingIndex(), value);
        }
    }

    private static Envelope cloudTrailCall(String eventSource, String eventName, String parameter, String value) {
        ObjectNode tree = Fixtures.tree("cloudtrail-stoplogging-by-name.json");
        ObjectNode detail = detail(tree);
        detail.put("eventSource", eventSource);
        detail.put("eventName", eventName);
        detail.putObject("requestParameters").put(parameter, value);
        return envelope(Fixtures.toBytes(tree));
    }

    private static ObjectNode detail(ObjectNode envelope) {
        return (ObjectNode) envelope.get("detail");
    }

    private static ObjectNode firstFinding(ObjectNode envelope) {
        return (ObjectNode) envelope.get("detail").get("findings").get(0);
    }
}
