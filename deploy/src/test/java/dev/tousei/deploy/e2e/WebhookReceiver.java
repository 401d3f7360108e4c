package dev.tousei.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook endpoint notification-service delivers alerts to (its NOTIFICATION_WEBHOOK_URL): records every POST with
 * the instant it arrived. Signatures are checked here the way a receiver would, from the documented scheme
 * ({@code X-Tousei-Signature: v1=<hex HMAC-SHA256(secret, "<X-Tousei-Timestamp>.<body>")>}), not with the service's
 * own code.
 */
final class WebhookReceiver implements AutoCloseable {

    record Received(Instant at, String path, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            try {
                return Http.JSON.readTree(body);
            } catch (IOException e) {
                return Http.JSON.missingNode();
            }
        }

        JsonNode alert() {
            return json().path("alert");
        }

        boolean signedWith(String secret) {
            String timestamp = header("X-Tousei-Timestamp");
            String signature = header("X-Tousei-Signature");
            if (timestamp == null || signature == null) {
                return false;
            }
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                mac.update((timestamp.trim() + ".").getBytes(StandardCharsets.UTF_8));
                String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
                return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                        signature.trim().getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return at + " " + path + " " + new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "webhook-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/tousei";
    }

    private void handle(HttpExchange exchange) throws IOException {
        Instant at = Instant.now();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        if ("POST".equals(exchange.getRequestMethod())) {
            received.add(new Received(at, exchange.getRequestURI().getPath(), headers, body));
            exchange.sendResponseHeaders(204, -1);
        } else {
            exchange.sendResponseHeaders(405, -1);
        }
        exchange.close();
    }

    List<Received> all() {
        return List.copyOf(received);
    }

    List<Received> matching(Predicate<Received> filter) {
        return received.stream().filter(filter).toList();
    }

    /** Deliveries whose alert is in this account (the tests give every scenario its own account). */
    static Predicate<Received> forAccount(String accountId) {
        return r -> accountId.equals(r.alert().path("accountId").asText());
    }

    Received await(String description, Predicate<Received> filter) {
        return Await.until("webhook delivery: " + description, Await.DEFAULT, Duration.ofMillis(20),
                () -> received.stream().filter(filter).findFirst());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
