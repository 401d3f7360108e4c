package dev.tousei.notification.flow;

import static dev.tousei.notification.flow.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who may do what (real Keycloak tokens), and RFC 9457 problems for bad requests. */
@QuarkusTest
@QuarkusTestResource(NotificationTestResources.class)
class AccessTest {

    private static RequestSpecification anonymous() {
        return given();
    }

    @Test
    void readingNeedsAViewerToken() {
        for (String path : new String[] {"/api/v1/alerts", "/api/v1/channels", "/api/v1/routes",
                "/api/v1/suppressions", "/api/v1/kpis"}) {
            anonymous().when().get(path).then().statusCode(401).contentType(Api.PROBLEM)
                    .header("WWW-Authenticate", "Bearer");
            as("norole").when().get(path).then().statusCode(403).contentType(Api.PROBLEM);
            as("viewer").when().get(path).then().statusCode(200);
            as("auditor").when().get(path).then().statusCode(200);
        }
        given().auth().oauth2("not-a-token").when().get("/api/v1/alerts").then().statusCode(401);
    }

    @Test
    void bodiesOverTheLimitAreRefusedBeforeAnyResource() {
        String overLimit = "{\"text\": \"" + "x".repeat(256 * 1024) + "\"}";
        as("analyst").contentType(ContentType.JSON).body(overLimit)
                .when().post("/api/v1/alerts/{id}/comments", UUID.randomUUID()).then().statusCode(413);
        // just under it, the same request reaches the resource, whose validation refuses the over-long comment
        as("analyst").contentType(ContentType.JSON).body("{\"text\": \"" + "x".repeat(200 * 1024) + "\"}")
                .when().post("/api/v1/alerts/{id}/comments", UUID.randomUUID()).then().statusCode(400)
                .contentType(Api.PROBLEM);
    }

    @Test
    void aNulCharacterInAFilterIs400NotA500() {
        for (String query : new String[] {"control=x%00y", "assignee=x%00y"}) {
            as("viewer").urlEncodingEnabled(false).when().get("/api/v1/alerts?" + query)
                    .then().statusCode(400).contentType(Api.PROBLEM);
        }
        as("viewer").queryParam("assignee", "xy").when().get("/api/v1/alerts").then().statusCode(200);
    }

    @Test
    void triageNeedsAnalystOrAdmin() {
        String unknown = UUID.randomUUID().toString();
        anonymous().contentType(ContentType.JSON).body("{}").when().post("/api/v1/alerts/{id}/acknowledge", unknown)
                .then().statusCode(401).contentType(Api.PROBLEM);
        for (String user : new String[] {"viewer", "auditor", "norole"}) {
            as(user).contentType(ContentType.JSON).body("{}").when().post("/api/v1/alerts/{id}/acknowledge", unknown)
                    .then().statusCode(403).contentType(Api.PROBLEM);
            as(user).contentType(ContentType.JSON).body(Map.of("text", "x"))
                    .when().post("/api/v1/alerts/{id}/comments", unknown).then().statusCode(403);
            as(user).contentType(ContentType.JSON).body(Map.of("assignee", "x"))
                    .when().put("/api/v1/alerts/{id}/assignee", unknown).then().statusCode(403);
            as(user).contentType(ContentType.JSON).body("{}").when().post("/api/v1/alerts/{id}/resolve", unknown)
                    .then().statusCode(403);
        }
        // allowed, and the alert does not exist
        for (String user : new String[] {"analyst", "admin"}) {
            as(user).contentType(ContentType.JSON).body("{}").when().post("/api/v1/alerts/{id}/acknowledge", unknown)
                    .then().statusCode(404).contentType(Api.PROBLEM).body("status", equalTo(404))
                    .body("instance", equalTo("/api/v1/alerts/" + unknown + "/acknowledge"));
            as(user).contentType(ContentType.JSON).body(Map.of("text", "x"))
                    .when().post("/api/v1/alerts/{id}/comments", unknown).then().statusCode(404);
        }
    }

    @Test
    void routingConfigurationNeedsAdmin() {
        Map<String, Object> channel = Map.of("name", "access-" + UUID.randomUUID(), "type", "WEBHOOK",
                "url", "https://hooks.example.test/x");
        anonymous().contentType(ContentType.JSON).body(channel).when().post("/api/v1/channels").then().statusCode(401);
        for (String user : new String[] {"viewer", "analyst", "auditor"}) {
            as(user).contentType(ContentType.JSON).body(channel).when().post("/api/v1/channels")
                    .then().statusCode(403).contentType(Api.PROBLEM);
            as(user).contentType(ContentType.JSON).body(Map.of("name", "r")).when().post("/api/v1/routes")
                    .then().statusCode(403);
            as(user).contentType(ContentType.JSON).body(Map.of("accountId", "111122223333"))
                    .when().post("/api/v1/suppressions").then().statusCode(403);
            as(user).when().delete("/api/v1/channels/{id}", UUID.randomUUID()).then().statusCode(403);
        }
        String id = as("admin").contentType(ContentType.JSON).body(channel).when().post("/api/v1/channels")
                .then().statusCode(201).body("hasSecret", equalTo(false)).extract().path("id");
        as("admin").contentType(ContentType.JSON).body(channel).when().post("/api/v1/channels")
                .then().statusCode(409).contentType(Api.PROBLEM);
        as("viewer").when().get("/api/v1/channels/{id}", id).then().statusCode(200)
                .body("url", equalTo("https://hooks.example.test/x"));
        as("admin").when().delete("/api/v1/channels/{id}", id).then().statusCode(204);
        as("viewer").when().get("/api/v1/channels/{id}", id).then().statusCode(404).contentType(Api.PROBLEM);
    }

    @Test
    void aChannelSecretIsNeverShown() {
        String id = as("admin").contentType(ContentType.JSON).body(Map.of("name", "secret-" + UUID.randomUUID(),
                        "type", "WEBHOOK", "url", "https://hooks.example.test/s", "secret", "0123456789abcdef-secret"))
                .when().post("/api/v1/channels").then().statusCode(201).body("hasSecret", equalTo(true))
                .extract().path("id");
        as("viewer").when().get("/api/v1/channels/{id}", id).then().statusCode(200)
                .body(not(containsString("0123456789abcdef-secret")));
    }

    @Test
    void badRequestsAreProblems() {
        as("viewer").queryParam("account", "12345").when().get("/api/v1/alerts")
                .then().statusCode(400).contentType(Api.PROBLEM).body("violations", notNullValue());
        as("admin").contentType(ContentType.JSON).body("{\"name\": ").when().post("/api/v1/channels")
                .then().statusCode(400).contentType(Api.PROBLEM);
        as("admin").contentType(ContentType.TEXT).body("name=x").when().post("/api/v1/channels")
                .then().statusCode(415).contentType(Api.PROBLEM);
        as("admin").contentType(ContentType.JSON).body(Map.of("name", "no-url-" + UUID.randomUUID(), "type", "WEBHOOK"))
                .when().post("/api/v1/channels").then().statusCode(422).contentType(Api.PROBLEM)
                .body("detail", containsString("url"));
        as("admin").contentType(ContentType.JSON).body(Map.of("name", "bad-" + UUID.randomUUID(), "type", "EMAIL",
                        "recipients", java.util.List.of("not-an-address")))
                .when().post("/api/v1/channels").then().statusCode(400).contentType(Api.PROBLEM);
        as("admin").contentType(ContentType.JSON).body(Map.of("name", "r-" + UUID.randomUUID(),
                        "channelIds", java.util.List.of(UUID.randomUUID().toString())))
                .when().post("/api/v1/routes").then().statusCode(422).contentType(Api.PROBLEM);
        as("viewer").when().get("/api/v1/alerts/{id}", UUID.randomUUID()).then().statusCode(404)
                .contentType(Api.PROBLEM).body("title", equalTo("Not Found"));
        as("viewer").when().get("/api/v1/alerts/not-a-uuid").then().statusCode(404);
    }

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        anonymous().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        anonymous().when().get("/q/health/live").then().statusCode(200);
        anonymous().when().get("/q/metrics").then().statusCode(200);
        anonymous().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/alerts"));
    }
}
