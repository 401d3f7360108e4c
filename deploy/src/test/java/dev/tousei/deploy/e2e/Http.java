package dev.tousei.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;

/** HTTP as an outside client does it: real Keycloak tokens, JSON in and out. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** HTTP/1.1 without an upgrade: a server refusing a body early answers before it is sent (100-continue). */
    private final HttpClient uploads = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String tokenUrl;
    private final Map<String, CachedToken> tokens = new ConcurrentHashMap<>();

    record Response(int status, String contentType, String body, HttpHeaders headers) {

        Response(int status, String contentType, String body) {
            this(status, contentType, body, HttpHeaders.of(Map.of(), (name, value) -> true));
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionFailedError("not JSON (HTTP " + status + "): " + body);
            }
        }
    }

    private record CachedToken(String token, Instant renewAfter) {
    }

    Http(String issuer) {
        this.tokenUrl = issuer + "/protocol/openid-connect/token";
    }

    /** Password grant of the public client tousei-cli, as deploy/local/token does (demo users only). */
    String userToken(String user) {
        return token("user:" + user, Map.of("grant_type", "password", "client_id", "tousei-cli", "scope", "openid",
                "username", user, "password", user + "-password"));
    }

    /** Password grant of any client of this issuer's realm (e.g. Keycloak's admin-cli in realm master). */
    String passwordToken(String clientId, String user, String password) {
        return token("password:" + clientId + ":" + user, Map.of("grant_type", "password", "client_id", clientId,
                "username", user, "password", password));
    }

    /** Client credentials of a confidential client (local secret: {@code <client>-secret}). */
    String clientToken(String clientId) {
        return token("client:" + clientId, Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", clientId + "-secret"));
    }

    private String token(String key, Map<String, String> form) {
        CachedToken cached = tokens.get(key);
        if (cached != null && Instant.now().isBefore(cached.renewAfter())) {
            return cached.token();
        }
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        Response response = send(HttpRequest.newBuilder(URI.create(tokenUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (response.status() != 200) {
            throw new AssertionFailedError("token for " + key + " refused by Keycloak (HTTP " + response.status()
                    + "): " + response.body());
        }
        JsonNode json = response.json();
        long lifetime = json.path("expires_in").asLong(300);
        String token = json.path("access_token").asText();
        tokens.put(key, new CachedToken(token, Instant.now().plusSeconds(Math.max(10, lifetime - 60))));
        return token;
    }

    Response get(String url, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    /** GET that must answer 200 with JSON. */
    JsonNode getJson(String url, String token) {
        Response response = get(url, token);
        if (response.status() != 200) {
            throw new AssertionFailedError("GET " + url + " answered " + response.status() + ": " + response.body());
        }
        return response.json();
    }

    Response post(String url, String token, String contentType, byte[] body) {
        return post(url, token, contentType, body, java.util.Map.of());
    }

    Response post(String url, String token, String contentType, byte[] body, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    /**
     * Any method, with or without a token and a body, redirects not followed (the dashboard's login answers with
     * one): the probe of the security matrix.
     */
    Response send(String method, String url, String token, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    /** A large body with {@code Expect: 100-continue}, so a refusal by size arrives before the body is sent. */
    Response upload(String method, String url, String token, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).expectContinue(true)
                .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(uploads, request);
    }

    private Response send(HttpRequest.Builder request) {
        return send(client, request);
    }

    private static Response send(HttpClient client, HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
