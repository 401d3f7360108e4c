package dev.tousei.deploy.e2e;

import static dev.tousei.deploy.e2e.Scenarios.SEC4_1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's demo, end to end: a CloudTrail StopLogging through the HTTP ingest becomes evidence, turns SEC4-1
 * FAILED and pages the webhook (signed); StartLogging turns it PASSED and resolves the alert.
 */
class ControlLifecycleIT {

    private static E2eStack stack;
    private static Scenarios api;

    @BeforeAll
    static void stack() {
        stack = E2eStack.get();
        api = new Scenarios(stack);
    }

    @Test
    void stopLoggingFailsSec41AndPagesThenStartLoggingPassesAndResolves() {
        String account = AwsEvents.newAccount();
        String trail = AwsEvents.trailArn(account, "org-audit-trail");

        Instant sent = Instant.now();
        Http.Response accepted = stack.ingest(AwsEvents.cloudTrailLogging(account, "org-audit-trail", false));
        assertThat(accepted.status()).as("ingest answer %s", accepted.body()).isEqualTo(202);

        JsonNode failed = api.awaitStatus(account, SEC4_1, "FAILED");
        Duration toStatus = Duration.between(sent, Instant.now());
        assertThat(failed.path("failedResources").toString()).contains(trail);
        assertThat(failed.path("reason").asText()).isNotBlank();
        assertThat(failed.path("evidenceIds")).hasSize(1);

        JsonNode evidence = api.awaitEvidence("of the StopLogging", account,
                e -> Scenarios.hasEffect(e, SEC4_1, "FAIL", "ALERT"));
        assertThat(evidence.path("id").asText()).isEqualTo(failed.path("evidenceIds").get(0).asText());
        assertThat(evidence.path("detailType").asText()).isEqualTo("AWS API Call via CloudTrail");

        WebhookReceiver.Received page = stack.webhook.await("SEC4-1 alert for account " + account,
                WebhookReceiver.forAccount(account));
        Duration toWebhook = Duration.between(sent, page.at());
        assertThat(page.signedWith(E2eStack.WEBHOOK_SECRET)).as("HMAC signature of %s", page).isTrue();
        assertThat(page.signedWith("some-other-secret-entirely")).isFalse();
        assertThat(page.header("Content-Type")).startsWith("application/json");
        assertThat(page.header("X-Tousei-Event")).isEqualTo(page.json().path("type").asText()).startsWith("alert.");
        JsonNode alert = page.alert();
        assertThat(alert.path("controlId").asText()).isEqualTo(SEC4_1);
        assertThat(alert.path("displayId").asText()).isEqualTo("SEC4-1");
        assertThat(alert.path("kind").asText()).isEqualTo("CONTROL_FAILED");
        assertThat(alert.path("resourceId").asText()).isEqualTo(trail);
        assertThat(alert.path("state").asText()).isEqualTo("OPEN");
        assertThat(alert.path("suppressed").asBoolean()).isFalse();

        E2eStack.log(String.format("latency (StopLogging): ingest→SEC4-1 FAILED on the API %d ms, ingest→webhook %d ms",
                toStatus.toMillis(), toWebhook.toMillis()));

        // The alert as the SOC sees it in notification-service: one, open, the one that was paged.
        JsonNode open = Await.until("an OPEN SEC4-1 alert in account " + account, () -> api.alerts(account).stream()
                .filter(a -> SEC4_1.equals(a.path("controlId").asText()) && "OPEN".equals(a.path("state").asText()))
                .findFirst());
        assertThat(open.path("id").asText()).isEqualTo(alert.path("id").asText());
        // The flagged evidence and the FAILED status that follows are the same alert (same fingerprint): a repeat.
        Await.until("the SEC4-1 alert seen twice (evidence, then status)", () -> api.alerts(account).stream()
                .filter(a -> a.path("id").asText().equals(alert.path("id").asText())
                        && a.path("occurrences").asInt() == 2)
                .findFirst());

        Instant restarted = Instant.now();
        accepted = stack.ingest(AwsEvents.cloudTrailLogging(account, "org-audit-trail", true));
        assertThat(accepted.status()).isEqualTo(202);
        JsonNode passed = api.awaitStatus(account, SEC4_1, "PASSED");
        Duration toPassed = Duration.between(restarted, Instant.now());
        assertThat(passed.path("failedResources")).isEmpty();

        JsonNode resolved = Await.until("SEC4-1 alert RESOLVED in account " + account, () -> api.alerts(account)
                .stream().filter(a -> a.path("id").asText().equals(alert.path("id").asText())
                        && "RESOLVED".equals(a.path("state").asText()))
                .findFirst());
        Duration toResolved = Duration.between(restarted, Instant.now());
        assertThat(resolved.path("resolvedBy").asText()).isEqualTo("system");
        assertThat(api.alerts(account)).as("alerts of account %s", account)
                .allSatisfy(a -> assertThat(a.path("state").asText()).isEqualTo("RESOLVED"));
        E2eStack.log(String.format("latency (StartLogging): ingest→SEC4-1 PASSED %d ms, ingest→alert RESOLVED %d ms",
                toPassed.toMillis(), toResolved.toMillis()));

        // Paged once: the FAILED status after the flagged evidence is the same alert, not a second page.
        Await.sleep(Duration.ofSeconds(1));
        assertThat(stack.webhook.matching(WebhookReceiver.forAccount(account))).as("webhook deliveries").hasSize(1);
        assertThat(api.status(account, SEC4_1).orElseThrow().path("status").asText()).isEqualTo("PASSED");
    }
}
