package dev.tousei.notification.flow;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.keycloak.client.KeycloakTestClient;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Real Keycloak tokens (password grant through the public client tousei-cli) and the calls tests repeat. */
final class Api {

    static final String PROBLEM = "application/problem+json";
    private static final KeycloakTestClient KEYCLOAK = new KeycloakTestClient();
    private record Cached(String token, long at) {
    }
    private static final Map<String, Cached> TOKENS = new ConcurrentHashMap<>();

    private Api() {
    }

    static String token(String user) {
        Cached cached = TOKENS.get(user);
        if (cached == null || System.currentTimeMillis() - cached.at() > 120_000) {
            cached = new Cached(KEYCLOAK.getAccessToken(user, user + "-password", "tousei-cli", null),
                    System.currentTimeMillis());
            TOKENS.put(user, cached);
        }
        return cached.token();
    }

    static RequestSpecification as(String user) {
        return given().auth().oauth2(token(user));
    }

    /** A webhook channel (signed when a secret is given) to the receiver's path. */
    static String webhookChannel(String name, String path, String secret) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "type", "WEBHOOK",
                "url", NotificationTestResources.webhooks.url(path)));
        if (secret != null) {
            body.put("secret", secret);
        }
        return as("admin").contentType(ContentType.JSON).body(body).when().post("/api/v1/channels")
                .then().statusCode(201).extract().path("id");
    }

    static String channel(Map<String, Object> body) {
        return as("admin").contentType(ContentType.JSON).body(body).when().post("/api/v1/channels")
                .then().statusCode(201).extract().path("id");
    }

    static String route(Map<String, Object> body) {
        return as("admin").contentType(ContentType.JSON).body(body).when().post("/api/v1/routes")
                .then().statusCode(201).extract().path("id");
    }

    /** The account's alerts once {@code until} holds for them. */
    static List<Map<String, Object>> alertsOf(String account, Predicate<List<Map<String, Object>>> until) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(
                () -> as("viewer").queryParam("account", account).when().get("/api/v1/alerts")
                        .then().statusCode(200).extract().jsonPath().getList("$"),
                until);
    }

    static JsonPath alert(String id) {
        return as("viewer").when().get("/api/v1/alerts/{id}", id).then().statusCode(200).extract().jsonPath();
    }
}
