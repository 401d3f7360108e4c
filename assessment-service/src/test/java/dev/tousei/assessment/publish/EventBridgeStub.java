package dev.tousei.assessment.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Amazon EventBridge's PutEvents on 127.0.0.1 (JDK HTTP server, random port), for the real SDK client with
 * {@code endpointOverride}: records every call and answers what {@link #respondWith} says (all accepted by default).
 */
final class EventBridgeStub implements AutoCloseable {

    static final String AMZ_JSON = "application/x-amz-json-1.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One PutEvents call as the stub received it. */
    record Call(String target, String contentType, String authorization, JsonNode body) {

        List<JsonNode> entries() {
            List<JsonNode> entries = new ArrayList<>();
            body.path("Entries").forEach(entries::add);
            return entries;
        }
    }

    record Response(int status, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextIndex = new AtomicInteger();
    private volatile BiFunction<Integer, List<JsonNode>, Response> responder = (call, entries) -> accepted(entries);
    private volatile Duration delay = Duration.ZERO;

    private EventBridgeStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static EventBridgeStub start() throws IOException {
        return new EventBridgeStub();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** (index of the call, from 0; the entries of the call) → the answer. */
    void respondWith(BiFunction<Integer, List<JsonNode>, Response> responder) {
        this.responder = responder;
    }

    void delayResponses(Duration delay) {
        this.delay = delay;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Every entry accepted: {@code {"FailedEntryCount":0,"Entries":[{"EventId":"..."}, ...]}}. */
    static Response accepted(List<JsonNode> entries) {
        return withFailures(entries, Map.of());
    }

    /** The entries at the given indexes fail with the given ErrorCode; the others are accepted. */
    static Response withFailures(List<JsonNode> entries, Map<Integer, String> errorCodes) {
        ObjectNode body = JSON.createObjectNode();
        body.put("FailedEntryCount", errorCodes.size());
        ArrayNode results = body.putArray("Entries");
        for (int i = 0; i < entries.size(); i++) {
            ObjectNode result = results.addObject();
            String errorCode = errorCodes.get(i);
            if (errorCode == null) {
                result.put("EventId", "stub-" + System.nanoTime() + "-" + i);
            } else {
                result.put("ErrorCode", errorCode);
                result.put("ErrorMessage", "stub: " + errorCode + " for entry " + i);
            }
        }
        return new Response(200, body.toString());
    }

    /** A failed call, as AWS JSON protocol errors look ({@code __type} and {@code message}). */
    static Response error(int status, String type) {
        return new Response(status, "{\"__type\":\"" + type + "\",\"message\":\"stub: " + type + "\"}");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                body = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            Call call = new Call(exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), body);
            int index = nextIndex.getAndIncrement();
            calls.add(call);
            Response response = responder.apply(index, call.entries());
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", AMZ_JSON);
            exchange.getResponseHeaders().set("x-amzn-RequestId", "stub-request-" + index);
            exchange.sendResponseHeaders(response.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
