package dev.tousei.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opentest4j.AssertionFailedError;

/**
 * Bearer tokens every {@code /api} endpoint must refuse with 401, each one wrong in exactly one way (the others are
 * real tokens of the realm, so the refusal can only be for that reason): expired, another issuer, signed by a key
 * that is not the realm's, unsigned, without audience {@code tousei-api}, not a JWT.
 */
final class RefusedTokens {

    /** Client of the realm whose viewer tokens live 5 s (test only, deploy/local/keycloak/tousei-realm.json). */
    static final String SHORT_LIVED_CLIENT = "test-short-lived";
    /** Client of the realm whose viewer tokens lack audience tousei-api (test only). */
    static final String NO_AUDIENCE_CLIENT = "test-no-audience";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final Http http;
    private final String issuer;
    private final String expiring;
    private final Instant expiringExpiry;

    /** Gets the short-lived token at once, so that it has expired by the time {@link #all()} is called. */
    RefusedTokens(Http http, String issuer) {
        this.http = http;
        this.issuer = issuer;
        this.expiring = http.clientToken(SHORT_LIVED_CLIENT);
        JsonNode claims = claims(expiring);
        this.expiringExpiry = Instant.ofEpochSecond(claims.path("exp").asLong());
        if (claims.path("exp").asLong() - claims.path("iat").asLong() > 30) {
            throw new AssertionFailedError("client " + SHORT_LIVED_CLIENT + " issues tokens living "
                    + (claims.path("exp").asLong() - claims.path("iat").asLong()) + " s; the realm should set its "
                    + "access.token.lifespan to 5 s (is the running Keycloak's realm older than the realm file?)");
        }
    }

    /** The short-lived token while it is still valid (the control: the same token is accepted before it expires). */
    String expiringWhileValid() {
        return expiring;
    }

    /**
     * The cases, by name. Waits, if needed, until the short-lived token is past its expiry by a second (the services
     * allow no clock skew: quarkus.oidc.token.lifespan-grace is not set).
     */
    Map<String, String> all() {
        Duration left = Duration.between(Instant.now(), expiringExpiry.plusSeconds(1));
        if (!left.isNegative()) {
            Await.sleep(left);
        }
        String viewer = http.userToken("viewer");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("expired token", expiring);
        tokens.put("token of another issuer (realm master)", masterRealmToken());
        tokens.put("realm's claims signed by a foreign key", forged(viewer));
        tokens.put("realm's claims unsigned (alg none)", unsigned(viewer));
        tokens.put("token without audience tousei-api", noAudience());
        tokens.put("not a JWT", "not-a-jwt");
        return tokens;
    }

    private String noAudience() {
        String token = http.clientToken(NO_AUDIENCE_CLIENT);
        JsonNode claims = claims(token);
        if (claims.path("aud").toString().contains("tousei-api") || !claims.path("realm_access").toString().contains("viewer")) {
            throw new AssertionFailedError("client " + NO_AUDIENCE_CLIENT + " should issue viewer tokens without "
                    + "audience tousei-api: " + claims);
        }
        return token;
    }

    /** Keycloak's own master realm: a real, valid token, but not of the realm the services trust. */
    private String masterRealmToken() {
        String master = issuer.substring(0, issuer.lastIndexOf("/realms/")) + "/realms/master";
        return new Http(master).passwordToken("admin-cli", System.getProperty("tousei.keycloak.admin", "admin"),
                System.getProperty("tousei.keycloak.admin-password", "admin"));
    }

    /** The viewer's header (kid included) and claims, signed with a key of our own. */
    private static String forged(String genuine) {
        String[] parts = genuine.split("\\.");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair key = generator.generateKeyPair();
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key.getPrivate());
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return parts[0] + "." + parts[1] + "." + BASE64URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The viewer's claims with {@code "alg": "none"} and no signature. */
    private static String unsigned(String genuine) {
        String[] parts = genuine.split("\\.");
        ObjectNode header = Http.JSON.createObjectNode().put("alg", "none").put("typ", "JWT");
        return BASE64URL.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
    }

    /** The decoded claims of a JWT (not verified: only to read what Keycloak issued). */
    static JsonNode claims(String jwt) {
        try {
            return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
