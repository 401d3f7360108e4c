package dev.tousei.notification.flow;

import static dev.tousei.notification.flow.Api.alertsOf;
import static dev.tousei.notification.flow.Api.as;
import static dev.tousei.notification.flow.NotificationTestResources.DETECT;
import static dev.tousei.notification.flow.NotificationTestResources.GOVERN;
import static dev.tousei.notification.flow.NotificationTestResources.smtp;
import static dev.tousei.notification.flow.NotificationTestResources.webhooks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.tousei.events.assessment.ControlStatus;
import dev.tousei.notification.client.WebhookSignature;
import dev.tousei.notification.flow.WebhookReceiver.Received;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routing to the right channel, and each channel's format: signed webhook, Slack, e-mail; retries. */
@QuarkusTest
@QuarkusTestResource(NotificationTestResources.class)
class ChannelTest {

    @Test
    void routesSendBySeverityAndFrameworkToTheirOwnChannels() throws InterruptedException {
        String account = TestEvents.newAccount();
        String critical = "critical-" + account;
        String fisc = "fisc-" + account;
        Api.route(Map.of("name", "critical-" + account, "accounts", List.of(account), "severities", List.of("CRITICAL"),
                "channelIds", List.of(Api.webhookChannel("critical-" + account, critical, null))));
        Api.route(Map.of("name", "fisc-" + account, "accounts", List.of(account),
                "frameworks", List.of("fisc-control-standards"),
                "channelIds", List.of(Api.webhookChannel("fisc-" + account, fisc, null))));

        TestEvents.send(TestEvents.status(account, DETECT, ControlStatus.PASSED, ControlStatus.FAILED, "CRITICAL",
                List.of()));
        TestEvents.send(TestEvents.status(account, GOVERN, ControlStatus.PASSED, ControlStatus.FAILED, "LOW",
                List.of()));
        alertsOf(account, list -> list.size() == 2);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> webhooks.received(critical).size() == 1 && webhooks.received(fisc).size() == 1);
        Thread.sleep(1_000);
        assertThat(webhooks.received(critical)).singleElement()
                .satisfies(r -> assertThat(r.text()).contains("\"controlId\":\"" + DETECT + "\""));
        assertThat(webhooks.received(fisc)).singleElement()
                .satisfies(r -> assertThat(r.text()).contains("\"controlId\":\"" + GOVERN + "\""));
    }

    @Test
    void aWebhookBodyCarriesAVerifiableSignature() {
        String account = TestEvents.newAccount();
        String path = "signed-" + account;
        String secret = "s3cret-for-" + account;
        Api.route(Map.of("name", path, "accounts", List.of(account),
                "channelIds", List.of(Api.webhookChannel(path, path, secret))));
        TestEvents.send(TestEvents.status(account, DETECT, ControlStatus.PASSED, ControlStatus.FAILED, "HIGH",
                List.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> webhooks.received(path).size() == 1);
        Received request = webhooks.received(path).get(0);

        String timestamp = request.header(WebhookSignature.TIMESTAMP_HEADER);
        String signature = request.header(WebhookSignature.SIGNATURE_HEADER);
        assertThat(signature).startsWith("v1=").hasSize(3 + 64);
        assertThat(Long.parseLong(timestamp)).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
        assertThat(WebhookSignature.verify(secret, timestamp, request.body(), signature)).isTrue();
        byte[] tampered = request.text().replace("HIGH", "LOW").getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(secret, timestamp, tampered, signature)).isFalse();
        assertThat(WebhookSignature.verify("another-secret-000", timestamp, request.body(), signature)).isFalse();

        JsonPath body = new JsonPath(request.text());
        assertThat(body.getString("type")).isEqualTo("alert.raised");
        assertThat(body.getString("alert.accountId")).isEqualTo(account);
        assertThat(body.getString("alert.severity")).isEqualTo("HIGH");
        assertThat(request.header("X-Tousei-Delivery")).isEqualTo(body.getString("deliveryId"));
    }

    @Test
    void aSlackChannelGetsAnIncomingWebhookMessage() {
        String account = TestEvents.newAccount();
        String path = "slack-" + account;
        String channel = Api.channel(Map.of("name", path, "type", "SLACK", "url", webhooks.url(path)));
        Api.route(Map.of("name", path, "accounts", List.of(account), "channelIds", List.of(channel)));
        TestEvents.send(TestEvents.status(account, DETECT, ControlStatus.PASSED, ControlStatus.FAILED, "CRITICAL",
                List.of("arn:aws:s3:::logs-<" + account + ">")));
        await().atMost(Duration.ofSeconds(30)).until(() -> webhooks.received(path).size() == 1);
        JsonPath message = new JsonPath(webhooks.received(path).get(0).text());
        assertThat(message.getString("text")).startsWith("[CRITICAL]");
        assertThat(message.getString("blocks[0].type")).isEqualTo("section");
        assertThat(message.getString("blocks[0].text.type")).isEqualTo("mrkdwn");
        assertThat(message.getString("blocks[0].text.text")).contains(":red_circle:").contains(account)
                .contains("logs-&lt;" + account + "&gt;");
    }

    @Test
    void anEmailChannelSendsOverSmtpToARealServer() throws Exception {
        String account = TestEvents.newAccount();
        String channel = Api.channel(Map.of("name", "mail-" + account, "type", "EMAIL",
                "recipients", List.of("soc-" + account + "@example.test")));
        Api.route(Map.of("name", "mail-" + account, "accounts", List.of(account), "channelIds", List.of(channel)));
        TestEvents.send(TestEvents.status(account, DETECT, ControlStatus.PASSED, ControlStatus.FAILED, "HIGH",
                List.of()));
        String id = (String) alertsOf(account, list -> list.size() == 1).get(0).get("id");

        MimeMessage mail = await().atMost(Duration.ofSeconds(30)).until(() -> Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> recipients(m).contains("soc-" + account + "@example.test")).findFirst().orElse(null),
                found -> found != null);
        assertThat(mail.getSubject()).startsWith("[tousei] [HIGH]").contains(account);
        assertThat(mail.getHeader("X-Tousei-Alert")[0]).isEqualTo(id);
        assertThat(((String) mail.getContent())).contains("Account: " + account).contains("Control: "
                + DETECT.toUpperCase());
        as("viewer").when().get("/api/v1/alerts/{id}/deliveries", id).then().statusCode(200)
                .body("[0].state", equalTo("DELIVERED")).body("[0].channelType", equalTo("EMAIL"));
    }

    @Test
    void aChannelThatIsDownGetsTheAlertOnceItIsUpAgain() {
        String account = TestEvents.newAccount();
        String path = "flaky-" + account;
        Api.route(Map.of("name", path, "accounts", List.of(account),
                "channelIds", List.of(Api.webhookChannel(path, path, null))));
        webhooks.failNext(path, 3);
        TestEvents.send(TestEvents.status(account, DETECT, ControlStatus.PASSED, ControlStatus.FAILED, "HIGH",
                List.of()));
        String id = (String) alertsOf(account, list -> list.size() == 1).get(0).get("id");

        await().atMost(Duration.ofSeconds(30)).until(() -> webhooks.received(path).size() == 1);
        assertThat(webhooks.refused(path)).isEqualTo(3);
        JsonPath deliveries = await().atMost(Duration.ofSeconds(10)).until(
                () -> as("viewer").when().get("/api/v1/alerts/{id}/deliveries", id).then().statusCode(200)
                        .extract().jsonPath(),
                json -> "DELIVERED".equals(json.getString("[0].state")));
        assertThat(deliveries.getInt("[0].attempts")).isEqualTo(4);
        assertThat(deliveries.getList("[0].log.success")).containsExactly(false, false, false, true);
        assertThat(deliveries.getList("[0].log.statusCode")).containsExactly(503, 503, 503, 204);
        assertThat(new JsonPath(webhooks.received(path).get(0).text()).getInt("attempt")).isEqualTo(4);
    }

    private static String recipients(MimeMessage message) {
        try {
            return Arrays.toString(message.getAllRecipients());
        } catch (Exception e) {
            return "";
        }
    }
}
