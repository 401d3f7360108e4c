package dev.tousei.deploy.e2e;

import static dev.tousei.deploy.e2e.Scenarios.SEC10_4;
import static dev.tousei.deploy.e2e.Scenarios.SEC4_1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GuardDuty findings: a real high-severity one opens an incident and pages; a sample one is evidence only. */
class FindingAlertsIT {

    private static final String EXFILTRATION = "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS";
    private static final String BACKDOOR = "Backdoor:EC2/C&CActivity.B!DNS";

    private static E2eStack stack;
    private static Scenarios api;

    @BeforeAll
    static void stack() {
        stack = E2eStack.get();
        api = new Scenarios(stack);
    }

    @Test
    void highSeverityFindingOpensAnIncidentAlert() {
        String account = AwsEvents.newAccount();
        Instant sent = Instant.now();
        assertThat(stack.ingest(AwsEvents.guardDutyFinding(account, EXFILTRATION, 8.0, false)).status())
                .isEqualTo(202);

        WebhookReceiver.Received page = stack.webhook.await("GuardDuty finding in account " + account,
                WebhookReceiver.forAccount(account).and(r -> "FINDING".equals(r.alert().path("kind").asText())));
        E2eStack.log(String.format("latency (GuardDuty severity 8): ingest→webhook %d ms",
                Duration.between(sent, page.at()).toMillis()));
        assertThat(page.signedWith(E2eStack.WEBHOOK_SECRET)).as("HMAC signature of %s", page).isTrue();
        JsonNode alert = page.alert();
        assertThat(alert.path("findingType").asText()).isEqualTo(EXFILTRATION);
        assertThat(alert.path("severity").asText()).isIn("HIGH", "CRITICAL");
        assertThat(alert.path("state").asText()).isEqualTo("OPEN");
        assertThat(alert.path("suppressed").asBoolean()).isFalse();

        // The incident is the collector's decision (SEC10-4's rule escalates high findings to INCIDENT) ...
        JsonNode evidence = api.awaitEvidence("of the finding", account,
                e -> Scenarios.hasEffect(e, SEC10_4, null, "INCIDENT"));
        assertThat(evidence.path("summary").path("findingType").asText()).isEqualTo(EXFILTRATION);
        assertThat(evidence.path("summary").path("sample").asBoolean()).isFalse();
        // ... and notification-service keeps one open finding alert for it, the one that was paged.
        JsonNode stored = Await.until("FINDING alert in account " + account, () -> api.alerts(account).stream()
                .filter(a -> "FINDING".equals(a.path("kind").asText())).findFirst());
        assertThat(stored.path("id").asText()).isEqualTo(alert.path("id").asText());
        assertThat(stored.path("state").asText()).isEqualTo("OPEN");
        assertThat(api.alerts(account).stream().filter(a -> "FINDING".equals(a.path("kind").asText())))
                .as("one alert per finding, however many controls it touches").hasSize(1);
    }

    @Test
    void sampleFindingIsStoredAsEvidenceButPagesNobody() {
        String account = AwsEvents.newAccount();
        assertThat(stack.ingest(AwsEvents.guardDutyFinding(account, BACKDOOR, 8.0, true)).status()).isEqualTo(202);

        JsonNode evidence = api.awaitEvidence("of the sample finding", account,
                e -> BACKDOOR.equals(e.path("summary").path("findingType").asText()));
        assertThat(evidence.path("summary").path("sample").asBoolean()).isTrue();
        assertThat(evidence.path("effects")).as("the sample counts as exercise evidence").isNotEmpty();
        evidence.path("effects").forEach(effect ->
                assertThat(effect.path("escalation").asText()).as("escalation of %s", effect).isEqualTo("NONE"));

        // A marker behind the sample in the same account (same partition, so processed after it everywhere):
        // once the marker's page has arrived, a page for the sample would have too.
        stack.ingest(AwsEvents.cloudTrailLogging(account, "marker-trail", false));
        stack.webhook.await("marker StopLogging in account " + account,
                WebhookReceiver.forAccount(account).and(r -> SEC4_1.equals(r.alert().path("controlId").asText())));
        Await.sleep(Duration.ofSeconds(2));

        assertThat(stack.webhook.matching(WebhookReceiver.forAccount(account)))
                .as("webhook deliveries in account %s", account)
                .noneMatch(r -> BACKDOOR.equals(r.alert().path("findingType").asText()))
                .hasSize(1);
        // Today the collector never escalates a sample, so no alert exists; notification-service would record one it
        // was asked to raise as suppressed. Either way: nothing open for anyone to act on.
        assertThat(api.alerts(account)).as("alerts of account %s", account)
                .filteredOn(a -> "FINDING".equals(a.path("kind").asText())
                        || BACKDOOR.equals(a.path("findingType").asText()))
                .allSatisfy(a -> assertThat(a.path("suppressed").asBoolean()).as("suppressed: %s", a).isTrue());
    }
}
