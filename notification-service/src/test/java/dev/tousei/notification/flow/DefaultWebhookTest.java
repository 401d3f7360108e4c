package dev.tousei.notification.flow;

import static dev.tousei.notification.flow.Api.as;
import static dev.tousei.notification.flow.NotificationTestResources.DETECT;
import static dev.tousei.notification.flow.NotificationTestResources.webhooks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tousei.events.assessment.ControlStatus;
import dev.tousei.notification.client.WebhookSignature;
import dev.tousei.notification.service.DefaultWebhookSetup;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NOTIFICATION_WEBHOOK_URL: a default channel and a catch-all route (what the service does at start when it is set). */
@QuarkusTest
@QuarkusTestResource(NotificationTestResources.class)
class DefaultWebhookTest {

    @Inject
    DefaultWebhookSetup setup;

    @Test
    void theDefaultWebhookGetsEveryAlert() {
        String path = "default-" + TestEvents.newAccount();
        String secret = "default-secret-0123456789";
        setup.configure(webhooks.url(path), secret).await().atMost(Duration.ofSeconds(10));
        setup.configure(webhooks.url(path), secret).await().atMost(Duration.ofSeconds(10)); // idempotent
        try {
            JsonPath routes = as("viewer").when().get("/api/v1/routes").then().statusCode(200).extract().jsonPath();
            assertThat(routes.getList("findAll { it.name == 'default' }")).hasSize(1);
            assertThat(routes.getList("findAll { it.name == 'default' }.accounts[0]")).isEmpty();

            String account = TestEvents.newAccount();
            TestEvents.send(TestEvents.status(account, DETECT, ControlStatus.PASSED, ControlStatus.FAILED, "MEDIUM",
                    List.of()));
            await().atMost(Duration.ofSeconds(30)).until(() -> webhooks.received(path).stream()
                    .anyMatch(r -> r.text().contains(account)));
            var received = webhooks.received(path).stream().filter(r -> r.text().contains(account)).findFirst()
                    .orElseThrow();
            assertThat(WebhookSignature.verify(secret, received.header(WebhookSignature.TIMESTAMP_HEADER),
                    received.body(), received.header(WebhookSignature.SIGNATURE_HEADER))).isTrue();
        } finally {
            String route = as("viewer").when().get("/api/v1/routes").then().extract().jsonPath()
                    .getString("find { it.name == 'default' }.id");
            as("admin").when().delete("/api/v1/routes/{id}", route).then().statusCode(204);
            String channel = as("viewer").when().get("/api/v1/channels").then().extract().jsonPath()
                    .getString("find { it.name == 'default-webhook' }.id");
            as("admin").when().delete("/api/v1/channels/{id}", channel).then().statusCode(204);
        }
    }
}
