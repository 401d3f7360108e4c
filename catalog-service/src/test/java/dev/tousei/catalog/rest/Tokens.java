package dev.tousei.catalog.rest;

import io.quarkus.test.keycloak.client.KeycloakTestClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real access tokens of the tousei realm's demo users (deploy/local/keycloak/tousei-realm.json), kept for a minute
 * so the security matrix does not ask Keycloak hundreds of times (tokens live ten minutes).
 */
final class Tokens {

    private static final KeycloakTestClient KEYCLOAK = new KeycloakTestClient();
    private static final long REUSE_MILLIS = 60_000;
    private static final Map<String, Issued> ISSUED = new ConcurrentHashMap<>();

    private record Issued(String token, long at) {
    }

    private Tokens() {
    }

    static String of(String user) {
        long now = System.currentTimeMillis();
        return ISSUED.compute(user, (name, issued) -> issued != null && now - issued.at() < REUSE_MILLIS ? issued
                : new Issued(KEYCLOAK.getAccessToken(name, name + "-password", "tousei-cli", null), now)).token();
    }
}
