package dev.tousei.notification.flow;

import static dev.tousei.notification.flow.Api.alertsOf;
import static dev.tousei.notification.flow.Api.as;
import static dev.tousei.notification.flow.NotificationTestResources.DETECT;
import static dev.tousei.notification.flow.NotificationTestResources.webhooks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.tousei.events.assessment.ControlStatus;
import dev.tousei.events.catalog.EvidenceRule.Escalation;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Suppressed alerts are recorded, not sent, until the suppression expires. */
@QuarkusTest
@QuarkusTestResource(NotificationTestResources.class)
class SuppressionTest {

    private static void routeAccountTo(String account, String path) {
        String channel = Api.webhookChannel("sup-" + path, path, null);
        Api.route(Map.of("name", "sup-" + path, "accounts", List.of(account), "channelIds", List.of(channel)));
    }

    @Test
    void aSuppressedAlertIsRecordedNotSentAndTheNextOneAfterExpiryIsSent() throws InterruptedException {
        String account = TestEvents.newAccount();
        String path = "suppressed-" + account;
        routeAccountTo(account, path);
        Instant expiry = Instant.now().plusSeconds(8);
        String suppression = as("admin").contentType(ContentType.JSON)
                .body(Map.of("accountId", account, "controlId", DETECT, "reason", "maintenance window CHG-1234",
                        "owner", "platform-team", "expiresAt", expiry.toString()))
                .when().post("/api/v1/suppressions")
                .then().statusCode(201).extract().path("id");

        TestEvents.send(TestEvents.status(account, DETECT, ControlStatus.PASSED, ControlStatus.FAILED, "HIGH",
                List.of()));
        Map<String, Object> alert = alertsOf(account, list -> list.size() == 1).get(0);
        assertThat(alert).containsEntry("suppressed", true).containsEntry("state", "OPEN");
        assertThat((String) alert.get("suppressedReason")).contains("platform-team").contains("CHG-1234");
        Thread.sleep(1_500);
        assertThat(webhooks.received(path)).isEmpty();

        await().atMost(Duration.ofSeconds(15)).until(() -> Instant.now().isAfter(expiry.plusMillis(200)));
        as("viewer").when().get("/api/v1/suppressions").then().statusCode(200)
                .body("id", not(hasItem(suppression)));
        as("viewer").queryParam("includeExpired", true).when().get("/api/v1/suppressions").then().statusCode(200)
                .body("id", hasItem(suppression));

        // the condition is still there: the next signal is sent
        TestEvents.send(TestEvents.status(account, DETECT, ControlStatus.FAILED, ControlStatus.FAILED, "HIGH",
                List.of()));
        Map<String, Object> sent = alertsOf(account, list -> Boolean.FALSE.equals(list.get(0).get("suppressed")))
                .get(0);
        assertThat(sent).containsEntry("id", alert.get("id")).containsEntry("occurrences", 2);
        await().atMost(Duration.ofSeconds(15)).until(() -> webhooks.received(path).size() == 1);
        assertThat(webhooks.received(path).get(0).text()).contains("\"reason\":\"UNSUPPRESSED\"");
        assertThat(Api.alert((String) alert.get("id")).getList("activity.kind")).containsExactly("RAISED",
                "UNSUPPRESSED");
    }

    @Test
    void aSuppressionByFindingTypeHoldsOnlyThatType() throws InterruptedException {
        String account = TestEvents.newAccount();
        String path = "by-type-" + account;
        routeAccountTo(account, path);
        as("admin").contentType(ContentType.JSON)
                .body(Map.of("findingType", "Recon:EC2/Portscan", "reason", "scanner we run ourselves",
                        "owner", "soc", "expiresAt", Instant.now().plusSeconds(3600).toString()))
                .when().post("/api/v1/suppressions").then().statusCode(201);
        String instance = "arn:aws:ec2:ap-northeast-1:" + account + ":instance/i-9";
        TestEvents.send(TestEvents.finding(account, "Recon:EC2/Portscan", 5.0, instance, Escalation.ALERT, false));
        TestEvents.send(TestEvents.finding(account, "Backdoor:EC2/C&CActivity.B", 8.0, instance, Escalation.ALERT,
                false));
        List<Map<String, Object>> alerts = alertsOf(account, list -> list.size() == 2);
        assertThat(alerts).extracting(a -> a.get("findingType") + "=" + a.get("suppressed"))
                .containsExactlyInAnyOrder("Recon:EC2/Portscan=true", "Backdoor:EC2/C&CActivity.B=false");
        await().atMost(Duration.ofSeconds(15)).until(() -> webhooks.received(path).size() == 1);
        Thread.sleep(1_000);
        assertThat(webhooks.received(path)).hasSize(1);
        assertThat(webhooks.received(path).get(0).text()).contains("Backdoor:EC2/C&CActivity.B");
    }

    @Test
    void aSuppressionWithoutCriteriaOrInThePastIsRefused() {
        as("admin").contentType(ContentType.JSON)
                .body(Map.of("reason", "everything", "owner", "soc", "expiresAt", Instant.now().plusSeconds(60).toString()))
                .when().post("/api/v1/suppressions").then().statusCode(422).contentType(Api.PROBLEM);
        as("admin").contentType(ContentType.JSON)
                .body(Map.of("accountId", "111122223333", "reason", "late", "owner", "soc",
                        "expiresAt", Instant.now().minusSeconds(60).toString()))
                .when().post("/api/v1/suppressions").then().statusCode(422).contentType(Api.PROBLEM);
    }
}
