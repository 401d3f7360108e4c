package dev.tousei.evidence.rules;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tousei.evidence.normalize.Envelope;
import dev.tousei.evidence.normalize.EnvelopeValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.event.ruler.Machine;

/**
 * The evidence rules shipped in the catalog seed, evaluated with AWS's own EventBridge matcher against the
 * project's envelope fixtures: each fixture matches exactly the expected rules, with the expected effect and
 * escalation, and every shipped rule is exercised by at least one fixture.
 */
class ShippedEvidenceRulesTest {

    /** Working directory of the test is the evidence-collector module. */
    private static final Path CATALOG = Path.of("../catalog-service/src/main/resources/catalog/wa");
    private static final Path FIXTURES = Path.of("src/test/resources/events/rules");
    private static final String ENVELOPE_RULE = "sec04-bp02/eventbridge-envelope-delivered";
    private static final String ENVELOPE = ENVELOPE_RULE + " PASS/NONE";
    /** Sample, Canary, archived, suppressed or resolved findings: must never raise an alert or an incident. */
    private static final Pattern EXERCISE_OR_CLOSED = Pattern.compile("sample|canary|archived|suppressed|resolved");
    private static final Pattern KEBAB = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}$");

    /**
     * Fixture → every rule it matches, as "control/rule EFFECT/ESCALATION". Every EventBridge envelope matches
     * {@value #ENVELOPE_RULE} except Config compliance changes, for which the collector applies the catalog's
     * Config-rule mappings of that control instead.
     */
    private static final Map<String, List<String>> EXPECTED = Map.ofEntries(
            entry("cloudtrail-stoplogging.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/cloudtrail-logging-stopped FAIL/ALERT")),
            entry("cloudtrail-stoplogging-access-denied.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/cloudtrail-logging-stopped FAIL/ALERT")),
            entry("cloudtrail-deletetrail.json", List.of(ENVELOPE, "sec04-bp01/cloudtrail-trail-deleted FAIL/ALERT")),
            entry("cloudtrail-updatetrail-single-region.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/cloudtrail-trail-weakened FAIL/ALERT")),
            entry("cloudtrail-updatetrail-global-events-off.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/cloudtrail-trail-weakened FAIL/ALERT")),
            entry("cloudtrail-updatetrail-cloudwatch-removed.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/cloudtrail-trail-weakened FAIL/ALERT")),
            entry("cloudtrail-updatetrail-sns-topic.json", List.of(ENVELOPE)),
            entry("cloudtrail-updatetrail-validation-off.json", List.of(
                    ENVELOPE,
                    "sec10-bp03/cloudtrail-log-file-validation-disabled FAIL/ALERT")),
            entry("cloudtrail-createtrail.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/cloudtrail-trail-created PASS/NONE",
                    "sec10-bp03/cloudtrail-log-file-validation-enabled PASS/NONE")),
            entry("cloudtrail-createtrail-validation-off.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/cloudtrail-trail-created PASS/NONE",
                    "sec10-bp03/cloudtrail-log-file-validation-disabled FAIL/ALERT")),
            entry("cloudtrail-startlogging.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/cloudtrail-logging-started PASS/NONE")),
            entry("cloudtrail-puteventselectors-management-off.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/cloudtrail-management-events-excluded FAIL/ALERT")),
            entry("cloudtrail-puteventselectors-readonly.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/cloudtrail-management-events-excluded FAIL/ALERT")),
            entry("cloudtrail-puteventselectors-management-on.json", List.of(ENVELOPE)),
            entry("cloudtrail-puteventselectors-advanced.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/cloudtrail-advanced-selectors-replaced INFO/ALERT")),

            entry("guardduty-deletedetector.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/guardduty-detector-deleted FAIL/ALERT")),
            entry("guardduty-updatedetector-disable.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/guardduty-detector-disabled FAIL/ALERT")),
            entry("guardduty-updatedetector-enable.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/guardduty-detector-enabled PASS/NONE")),
            entry("guardduty-updatedetector-frequency.json", List.of(ENVELOPE)),
            entry("guardduty-createdetector.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/guardduty-detector-created PASS/NONE")),
            entry("guardduty-createdetector-disabled.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/guardduty-detector-created-disabled FAIL/ALERT")),
            entry("guardduty-disassociatefromadministratoraccount.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/guardduty-left-administrator FAIL/ALERT")),
            entry("guardduty-disassociatefrommasteraccount.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/guardduty-left-administrator FAIL/ALERT")),
            entry("guardduty-disassociatemembers.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/guardduty-members-disassociated FAIL/ALERT")),

            entry("config-stopconfigurationrecorder.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/config-recorder-stopped FAIL/ALERT")),
            entry("config-deleteconfigurationrecorder.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/config-recorder-deleted FAIL/ALERT")),
            entry("config-deletedeliverychannel.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/config-delivery-channel-deleted FAIL/ALERT")),
            entry("config-startconfigurationrecorder.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/config-recorder-started PASS/NONE")),

            entry("securityhub-disablesecurityhub.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/securityhub-disabled FAIL/ALERT")),
            entry("securityhub-enablesecurityhub.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/securityhub-enabled PASS/NONE")),
            entry("securityhub-batchdisablestandards.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/securityhub-standards-disabled FAIL/ALERT")),
            entry("securityhub-batchenablestandards.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/securityhub-standards-enabled PASS/NONE")),

            entry("ec2-deleteflowlogs.json", List.of(ENVELOPE, "sec04-bp01/vpc-flow-logs-deleted FAIL/ALERT")),
            entry("ec2-deleteflowlogs-unauthorized.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/vpc-flow-logs-deleted FAIL/ALERT")),
            entry("ec2-deleteflowlogs-not-found.json", List.of(ENVELOPE)),

            entry("route53resolver-deleteresolverquerylogconfig.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/resolver-query-logging-deleted FAIL/ALERT")),
            entry("route53resolver-disassociateresolverquerylogconfig.json", List.of(
                    ENVELOPE,
                    "sec04-bp01/resolver-query-logging-disassociated FAIL/ALERT")),

            entry("logs-deleteloggroup.json", List.of(ENVELOPE, "sec04-bp01/log-group-deleted FAIL/ALERT")),

            entry("config-cloudtrail-enabled-compliant.json", List.of(
                    "sec04-bp01/config-cloudtrail-enabled-compliant PASS/NONE")),
            entry("config-cloudtrail-enabled-conformance-pack-noncompliant.json", List.of(
                    "sec04-bp01/config-cloudtrail-enabled-noncompliant FAIL/ALERT")),
            entry("config-multi-region-cloudtrail-enabled-securityhub-noncompliant.json", List.of(
                    "sec04-bp01/config-multi-region-cloudtrail-enabled-noncompliant FAIL/ALERT")),
            entry("config-multi-region-cloudtrail-enabled-org-compliant.json", List.of(
                    "sec04-bp01/config-multi-region-cloudtrail-enabled-compliant PASS/NONE")),
            entry("config-guardduty-enabled-centralized-securityhub-noncompliant.json", List.of(
                    "sec04-bp01/config-guardduty-enabled-centralized-noncompliant FAIL/ALERT")),
            entry("config-guardduty-enabled-centralized-compliant.json", List.of(
                    "sec04-bp01/config-guardduty-enabled-centralized-compliant PASS/NONE")),
            entry("config-securityhub-enabled-noncompliant.json", List.of(
                    "sec04-bp01/config-securityhub-enabled-noncompliant FAIL/ALERT")),
            entry("config-securityhub-enabled-conformance-pack-compliant.json", List.of(
                    "sec04-bp01/config-securityhub-enabled-compliant PASS/NONE")),
            entry("config-vpc-flow-logs-enabled-securityhub-noncompliant.json", List.of(
                    "sec04-bp01/config-vpc-flow-logs-enabled-noncompliant FAIL/ALERT")),
            entry("config-vpc-flow-logs-enabled-compliant.json", List.of(
                    "sec04-bp01/config-vpc-flow-logs-enabled-compliant PASS/NONE")),
            entry("config-cw-loggroup-retention-noncompliant.json", List.of(
                    "sec04-bp01/config-cw-loggroup-retention-period-check-noncompliant FAIL/ALERT")),
            entry("config-cw-loggroup-retention-conformance-pack-compliant.json", List.of(
                    "sec04-bp01/config-cw-loggroup-retention-period-check-compliant PASS/NONE")),
            entry("config-cloudtrail-enabled-not-applicable.json", List.of()),
            entry("config-cloud-trail-encryption-enabled-securityhub-noncompliant.json", List.of()),
            entry("config-custom-cloudtrail-enabled-lookalike-noncompliant.json", List.of()),
            entry("config-cloud-trail-cloud-watch-logs-enabled-securityhub-noncompliant.json", List.of()),

            entry("guardduty-low.json", List.of(ENVELOPE, "sec04-bp03/guardduty-finding-low INFO/NONE")),
            entry("guardduty-low-upper-bound.json", List.of(ENVELOPE, "sec04-bp03/guardduty-finding-low INFO/NONE")),
            entry("guardduty-medium.json", List.of(ENVELOPE, "sec04-bp03/guardduty-finding-medium INFO/ALERT")),
            entry("guardduty-medium-upper-bound.json", List.of(
                    ENVELOPE,
                    "sec04-bp03/guardduty-finding-medium INFO/ALERT")),
            entry("guardduty-high.json", List.of(
                    ENVELOPE,
                    "sec04-bp03/guardduty-finding-high INFO/INCIDENT",
                    "sec10-bp04/guardduty-finding-incident INFO/INCIDENT")),
            entry("guardduty-high-upper-bound.json", List.of(
                    ENVELOPE,
                    "sec04-bp03/guardduty-finding-high INFO/INCIDENT",
                    "sec10-bp04/guardduty-finding-incident INFO/INCIDENT")),
            entry("guardduty-critical.json", List.of(
                    ENVELOPE,
                    "sec04-bp03/guardduty-finding-critical INFO/INCIDENT",
                    "sec10-bp04/guardduty-finding-incident INFO/INCIDENT")),
            entry("guardduty-sample-high.json", List.of(ENVELOPE, "sec10-bp07/guardduty-exercise-finding INFO/NONE")),
            entry("guardduty-sample-string-high.json", List.of(
                    ENVELOPE,
                    "sec10-bp07/guardduty-exercise-finding INFO/NONE")),
            entry("guardduty-sample-in-value-high.json", List.of(
                    ENVELOPE,
                    "sec10-bp07/guardduty-exercise-finding INFO/NONE")),
            entry("guardduty-sample-medium.json", List.of(
                    ENVELOPE,
                    "sec10-bp07/guardduty-exercise-finding INFO/NONE")),
            entry("guardduty-canary-high.json", List.of(ENVELOPE, "sec10-bp07/guardduty-exercise-finding INFO/NONE")),
            entry("guardduty-archived-high.json", List.of(
                    ENVELOPE,
                    "sec04-bp03/guardduty-finding-archived INFO/NONE")),
            entry("guardduty-archived-sample-critical.json", List.of(
                    ENVELOPE,
                    "sec10-bp07/guardduty-exercise-finding INFO/NONE")),
            entry("guardduty-empty-detail.json", List.of(ENVELOPE)),

            entry("securityhub-finding-low.json", List.of(ENVELOPE, "sec04-bp04/securityhub-finding-low INFO/NONE")),
            entry("securityhub-finding-medium.json", List.of(
                    ENVELOPE,
                    "sec04-bp04/securityhub-finding-medium INFO/ALERT")),
            entry("securityhub-finding-high.json", List.of(
                    ENVELOPE,
                    "sec04-bp04/securityhub-finding-high INFO/INCIDENT",
                    "sec10-bp04/securityhub-finding-incident INFO/INCIDENT")),
            entry("securityhub-finding-critical.json", List.of(
                    ENVELOPE,
                    "sec04-bp04/securityhub-finding-critical INFO/INCIDENT",
                    "sec10-bp04/securityhub-finding-incident INFO/INCIDENT")),
            entry("securityhub-finding-normalized-only-high.json", List.of(
                    ENVELOPE,
                    "sec04-bp04/securityhub-finding-high INFO/INCIDENT",
                    "sec10-bp04/securityhub-finding-incident INFO/INCIDENT")),
            entry("securityhub-finding-label-wins-over-normalized.json", List.of(
                    ENVELOPE,
                    "sec04-bp04/securityhub-finding-medium INFO/ALERT")),
            entry("securityhub-finding-informational.json", List.of(ENVELOPE)),
            entry("securityhub-finding-archived-high.json", List.of(ENVELOPE)),
            entry("securityhub-finding-resolved-high.json", List.of(ENVELOPE)),
            entry("securityhub-finding-suppressed-critical.json", List.of(
                    ENVELOPE,
                    "sec04-bp04/securityhub-finding-suppressed INFO/NONE")),
            entry("securityhub-finding-sample-high.json", List.of(
                    ENVELOPE,
                    "sec10-bp07/securityhub-exercise-finding INFO/NONE")),
            entry("securityhub-finding-guardduty-sample-high.json", List.of(
                    ENVELOPE,
                    "sec10-bp07/securityhub-exercise-finding INFO/NONE")),
            entry("securityhub-finding-guardduty-high.json", List.of(
                    ENVELOPE,
                    "sec04-bp04/securityhub-finding-high INFO/INCIDENT",
                    "sec10-bp04/securityhub-finding-incident INFO/INCIDENT")),
            entry("securityhub-finding-guardduty-archived-high.json", List.of(ENVELOPE)),

            entry("signin-root-mfa.json", List.of(ENVELOPE, "sec01-bp02/root-console-sign-in FAIL/ALERT")),
            entry("signin-root-no-mfa.json", List.of(
                    ENVELOPE,
                    "sec01-bp02/root-console-sign-in FAIL/ALERT",
                    "sec02-bp01/console-sign-in-without-mfa FAIL/ALERT")),
            entry("signin-root-failed.json", List.of(ENVELOPE, "sec01-bp02/root-console-sign-in-failed INFO/ALERT")),
            entry("signin-iamuser-no-mfa.json", List.of(
                    ENVELOPE,
                    "sec02-bp01/console-sign-in-without-mfa FAIL/ALERT")),
            entry("signin-iamuser-mfa.json", List.of(ENVELOPE)),
            entry("signin-iamuser-no-mfa-failed.json", List.of(ENVELOPE)),
            entry("signin-federated-role-no-mfa.json", List.of(ENVELOPE)),

            entry("iam-root-api-call.json", List.of(ENVELOPE, "sec01-bp02/root-api-call FAIL/ALERT")),
            entry("iam-root-invoked-by-service.json", List.of(ENVELOPE)),
            entry("iam-createaccesskey.json", List.of(ENVELOPE, "sec02-bp02/iam-access-key-created INFO/ALERT")),
            entry("iam-attachuserpolicy-admin.json", List.of(
                    ENVELOPE,
                    "sec03-bp02/admin-policy-attached-to-user FAIL/ALERT")),
            entry("iam-attachrolepolicy-admin.json", List.of(
                    ENVELOPE,
                    "sec03-bp02/admin-policy-attached-to-role FAIL/ALERT")),
            entry("iam-attachgrouppolicy-admin.json", List.of(
                    ENVELOPE,
                    "sec03-bp02/admin-policy-attached-to-group FAIL/ALERT")),
            entry("iam-attachrolepolicy-readonly.json", List.of(ENVELOPE)),
            entry("iam-attachrolepolicy-amplify-admin.json", List.of(ENVELOPE)),

            entry("s3-putbucketpolicy-public.json", List.of(
                    ENVELOPE,
                    "sec03-bp07/s3-bucket-policy-public FAIL/ALERT")),
            entry("s3-putbucketpolicy-public-star.json", List.of(
                    ENVELOPE,
                    "sec03-bp07/s3-bucket-policy-public FAIL/ALERT")),
            entry("s3-putbucketpolicy-private.json", List.of(ENVELOPE)),
            entry("s3-deletebucketpublicaccessblock.json", List.of(
                    ENVELOPE,
                    "sec03-bp07/s3-public-access-block-deleted FAIL/ALERT")),
            entry("s3-putbucketpublicaccessblock-weakened.json", List.of(
                    ENVELOPE,
                    "sec03-bp07/s3-public-access-block-weakened FAIL/ALERT")),
            entry("s3-putbucketpublicaccessblock-all-on.json", List.of(ENVELOPE)),
            entry("s3-putbucketacl-public-read.json", List.of(
                    ENVELOPE,
                    "sec03-bp07/s3-bucket-acl-public FAIL/ALERT")),
            entry("s3-putbucketacl-allusers-grant.json", List.of(
                    ENVELOPE,
                    "sec03-bp07/s3-bucket-acl-public FAIL/ALERT")),
            entry("s3-putbucketacl-log-delivery.json", List.of(ENVELOPE)),
            entry("s3-putbucketacl-private.json", List.of(ENVELOPE)),
            entry("s3-deleteaccountpublicaccessblock.json", List.of(
                    ENVELOPE,
                    "sec03-bp07/s3-account-public-access-block-deleted FAIL/ALERT")),

            entry("access-analyzer-public-finding.json", List.of(
                    ENVELOPE,
                    "sec03-bp07/access-analyzer-public-finding FAIL/ALERT")),
            entry("access-analyzer-public-finding-resolved.json", List.of(
                    ENVELOPE,
                    "sec03-bp07/access-analyzer-public-finding-resolved PASS/NONE")),
            entry("access-analyzer-cross-account-finding.json", List.of(
                    ENVELOPE,
                    "sec03-bp07/access-analyzer-cross-account-finding INFO/NONE")),
            entry("access-analyzer-public-finding-archived.json", List.of(ENVELOPE)),

            entry("ec2-runinstances.json", List.of(ENVELOPE)),

            entry("not-an-eventbridge-envelope.json", List.of())
    );

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> RULES = new LinkedHashMap<>();
    private static final Machine MACHINE = new Machine();
    private static final EnvelopeValidator VALIDATOR = new EnvelopeValidator();

    @BeforeAll
    static void loadShippedRules() throws IOException {
        List<Path> controlFiles;
        try (Stream<Path> files = Files.list(CATALOG)) {
            controlFiles = files.filter(p -> p.getFileName().toString().matches("sec\\d\\d\\.json")).sorted().toList();
        }
        assertThat(controlFiles).hasSize(10);
        for (Path file : controlFiles) {
            for (JsonNode control : JSON.readTree(file.toFile())) {
                for (JsonNode rule : control.path("evidence_rules")) {
                    String name = control.get("id").asText() + "/" + rule.get("id").asText();
                    assertThat(RULES.put(name, rule)).as("rule %s defined twice", name).isNull();
                    MACHINE.addRule(name, rule.get("event_pattern").asText());
                }
            }
        }
    }

    private static String fixture(String name) {
        try {
            return Files.readString(FIXTURES.resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(name, e);
        }
    }

    /**
     * The rules matching the event's JSON text; the collector matches the tree its validator parsed instead (no second
     * parse), so every event the validator accepts must match the same rules both ways.
     */
    private static List<String> matches(String json) {
        List<String> fromText;
        try {
            fromText = MACHINE.rulesForJSONEvent(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (VALIDATOR.validate(json.getBytes(StandardCharsets.UTF_8)) instanceof Envelope envelope) {
            assertThat(new TreeSet<>(MACHINE.rulesForJSONEvent(envelope.raw())))
                    .as("rules matched on the validator's tree").isEqualTo(new TreeSet<>(fromText));
        }
        return fromText;
    }

    private static String outcome(String ruleName) {
        JsonNode rule = RULES.get(ruleName);
        return ruleName + " " + rule.get("effect").asText() + "/" + rule.get("escalation").asText();
    }

    private static Set<String> expectedNames(String fixture) {
        return EXPECTED.get(fixture).stream().map(e -> e.substring(0, e.indexOf(' ')))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @TestFactory
    Stream<DynamicTest> eachFixtureMatchesExactlyTheExpectedRulesWithTheirEffectAndEscalation() {
        return EXPECTED.keySet().stream().sorted().map(name -> DynamicTest.dynamicTest(name, () -> {
            List<String> matched = matches(fixture(name));

            assertThat(matched).as(name).containsExactlyInAnyOrderElementsOf(expectedNames(name));
            assertThat(matched.stream().map(ShippedEvidenceRulesTest::outcome).toList()).as(name)
                    .containsExactlyInAnyOrderElementsOf(EXPECTED.get(name));
        }));
    }

    @Test
    void everyFixtureFileHasAnExpectationAndEveryExpectationAFile() throws IOException {
        Set<String> files;
        try (Stream<Path> list = Files.list(FIXTURES)) {
            files = list.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(files).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    }

    @Test
    void everyShippedRuleIsExercisedByAFixture() {
        Set<String> expected = EXPECTED.keySet().stream().flatMap(name -> expectedNames(name).stream())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(expected).containsExactlyInAnyOrderElementsOf(RULES.keySet());
    }

    @Test
    void sampleCanaryArchivedSuppressedAndResolvedFindingsNeverEscalate() {
        List<String> exercises = EXPECTED.keySet().stream().filter(n -> EXERCISE_OR_CLOSED.matcher(n).find()).toList();
        assertThat(exercises).hasSizeGreaterThan(10);

        SoftAssertions softly = new SoftAssertions();
        for (String name : exercises) {
            for (String rule : matches(fixture(name))) {
                softly.assertThat(RULES.get(rule).get("escalation").asText()).as(name + " → " + rule)
                        .isEqualTo("NONE");
            }
        }
        softly.assertAll();
    }

    @Test
    void shippedRulesAreWellFormed() {
        SoftAssertions softly = new SoftAssertions();
        RULES.forEach((name, rule) -> {
            softly.assertThat(rule.get("id").asText()).as(name).matches(KEBAB);
            softly.assertThat(rule.get("description").asText()).as(name).isNotBlank().hasSizeLessThanOrEqualTo(120);
            softly.assertThat(rule.get("effect").asText()).as(name).isIn("PASS", "FAIL", "INFO");
            softly.assertThat(rule.get("escalation").asText()).as(name).isIn("NONE", "ALERT", "INCIDENT");
            String scope = rule.get("scope").asText();
            softly.assertThat(scope).as(name).isIn("ACCOUNT", "RESOURCE");
            JsonNode path = rule.path("resource_path");
            if (scope.equals("RESOURCE")) {
                softly.assertThat(path.isTextual()).as(name + " names its resource").isTrue();
            } else {
                softly.assertThat(path.isMissingNode() || path.isNull()).as(name + " has no resource_path").isTrue();
            }
            if (rule.get("escalation").asText().equals("INCIDENT")) {
                softly.assertThat(rule.get("effect").asText()).as(name + ": findings are information")
                        .isEqualTo("INFO");
            }
        });
        softly.assertAll();
    }

    /** Real published events (shared/samples, see its README), read in place when that folder exists. */
    private static final Map<String, Set<String>> REAL_SAMPLES = Map.ofEntries(
            entry("eventbridge/cloudtrail/stratus__cloudtrail-stoplogging-wrapped.json",
                    Set.of(ENVELOPE_RULE, "sec04-bp01/cloudtrail-logging-stopped")),
            entry("eventbridge/cloudtrail/stratus__iam-createaccesskey-wrapped.json",
                    Set.of(ENVELOPE_RULE, "sec02-bp02/iam-access-key-created")),
            entry("eventbridge/cloudtrail/panther__s3-putbucketpolicy-public-fromyaml-wrapped.json",
                    Set.of(ENVELOPE_RULE, "sec03-bp07/s3-bucket-policy-public")),
            // an AWS documentation excerpt without "version": matched, but not counted as a delivered envelope
            entry("eventbridge/cloudtrail/awsdocs-cwe__console-signin-root-no-mfa.json",
                    Set.of("sec01-bp02/root-console-sign-in", "sec02-bp01/console-sign-in-without-mfa")),
            // a Config compliance change: not counted by the envelope rule
            entry("eventbridge/config/awsdocs-config__compliance-change-cloudtrail-enabled-compliant-wrapped.json",
                    Set.of("sec04-bp01/config-cloudtrail-enabled-compliant")),
            entry("eventbridge/guardduty/panther__privesc-iamuser-administrativepermissions-sev8-fromyaml-wrapped.json",
                    Set.of(ENVELOPE_RULE, "sec04-bp03/guardduty-finding-high",
                            "sec10-bp04/guardduty-finding-incident")),
            entry("eventbridge/guardduty/csa__recon-iamuser-maliciousipcaller-sample.json",
                    Set.of(ENVELOPE_RULE, "sec10-bp07/guardduty-exercise-finding")),
            entry("eventbridge/guardduty/custodian__ec2-backdoor-cc-dns.json",
                    Set.of(ENVELOPE_RULE, "sec10-bp07/guardduty-exercise-finding")),
            entry("eventbridge/guardduty/awssamples-gdar__canary-ec2-stateless-integtest-wrapped.json",
                    Set.of(ENVELOPE_RULE, "sec10-bp07/guardduty-exercise-finding")),
            entry("robustness/streamalert__guardduty-empty-detail.json", Set.of(ENVELOPE_RULE)),
            entry("robustness/streamalert__root-consolelogin-placeholder-envelope.json", Set.of()));

    @Test
    void realPublishedSamplesMatchAsExpectedWhenAvailable() throws IOException {
        Path samples = Stream.of(Path.of("../shared/samples"), Path.of("../../shared/samples"))
                .filter(Files::isDirectory).findFirst().orElse(null);
        assumeTrue(samples != null, "shared samples not present");
        List<String> checked = new ArrayList<>();
        SoftAssertions softly = new SoftAssertions();
        for (Map.Entry<String, Set<String>> sample : REAL_SAMPLES.entrySet()) {
            Path file = samples.resolve(sample.getKey());
            if (Files.isRegularFile(file)) {
                softly.assertThat(matches(Files.readString(file))).as(sample.getKey())
                        .containsExactlyInAnyOrderElementsOf(sample.getValue());
                checked.add(sample.getKey());
            }
        }
        softly.assertAll();
        assumeTrue(!checked.isEmpty(), "none of the listed samples present");
    }
}
