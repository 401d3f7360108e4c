package dev.tousei.notification.flow;

import static dev.tousei.notification.flow.Api.alertsOf;
import static dev.tousei.notification.flow.Api.as;
import static dev.tousei.notification.flow.NotificationTestResources.DETECT;
import static dev.tousei.notification.flow.NotificationTestResources.smtp;
import static dev.tousei.notification.flow.NotificationTestResources.webhooks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tousei.events.assessment.ControlStatus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** On-call levels: level 1 at once; not acknowledged within the route's time, level 2; acknowledged, nobody more. */
@QuarkusTest
@QuarkusTestResource(NotificationTestResources.class)
class EscalationTest {

    private static long mailsTo(String address, String alertId) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> to(m).contains(address))
                .filter(m -> header(m, "X-Tousei-Alert").equals(alertId)).count();
    }

    @Test
    void anAlertNobodyAcknowledgesEscalatesToTheNextLevelAndAnAcknowledgedOneDoesNot() throws Exception {
        String account = TestEvents.newAccount();
        String team = "team-" + account;
        String onCall = "oncall-" + account;
        String manager = "manager-" + account + "@example.test";
        String teamChannel = Api.webhookChannel(team, team, null);
        String onCallChannel = Api.webhookChannel(onCall, onCall, null);
        String mail = Api.channel(Map.of("name", "escalation-mail-" + account, "type", "EMAIL",
                "recipients", List.of("soc-fallback@example.test")));
        Api.route(Map.of("name", "escalating-" + account, "accounts", List.of(account), "channelIds", List.of(teamChannel),
                "ackTimeout", "PT5S",
                "contacts", List.of(
                        Map.of("level", 1, "name", "Sato (primary)", "channelId", onCallChannel),
                        Map.of("level", 2, "name", "Suzuki (manager)", "channelId", mail, "address", manager))));

        TestEvents.send(TestEvents.status(account, DETECT, ControlStatus.PASSED, ControlStatus.FAILED, "HIGH",
                List.of("arn:aws:cloudtrail:ap-northeast-1:" + account + ":trail/a")));
        TestEvents.send(TestEvents.status(account, DETECT, ControlStatus.PASSED, ControlStatus.FAILED, "HIGH",
                List.of("arn:aws:cloudtrail:ap-northeast-1:" + account + ":trail/b")));
        List<Map<String, Object>> alerts = alertsOf(account, list -> list.size() == 2);
        String ignored = alerts.stream().filter(a -> ((String) a.get("resourceId")).endsWith("/a")).findFirst()
                .orElseThrow().get("id").toString();
        String handled = alerts.stream().filter(a -> ((String) a.get("resourceId")).endsWith("/b")).findFirst()
                .orElseThrow().get("id").toString();
        as("analyst").contentType(ContentType.JSON).body(Map.of("comment", "on it"))
                .when().post("/api/v1/alerts/{id}/acknowledge", handled).then().statusCode(200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> webhooks.received(team).size() == 2 && webhooks.received(onCall).size() == 2);

        await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(manager, ignored) == 1);
        MimeMessage escalation = Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> header(m, "X-Tousei-Alert").equals(ignored)).findFirst().orElseThrow();
        assertThat(escalation.getSubject()).contains("Escalated (level 2)");
        assertThat(Api.alert(ignored).getList("activity.kind")).containsExactly("RAISED", "ESCALATED");
        assertThat(Api.alert(ignored).getString("activity[1].text")).contains("Suzuki (manager)");

        Thread.sleep(6_000); // past the handled alert's own timeout
        assertThat(mailsTo(manager, handled)).isZero();
        assertThat(Api.alert(handled).getList("activity.kind")).doesNotContain("ESCALATED");
        assertThat(mailsTo(manager, ignored)).isEqualTo(1); // the last level is told once
    }

    private static String to(MimeMessage message) {
        try {
            return Arrays.toString(message.getAllRecipients());
        } catch (Exception e) {
            return "";
        }
    }

    private static String header(MimeMessage message, String name) {
        try {
            String[] values = message.getHeader(name);
            return values == null ? "" : values[0];
        } catch (Exception e) {
            return "";
        }
    }
}
