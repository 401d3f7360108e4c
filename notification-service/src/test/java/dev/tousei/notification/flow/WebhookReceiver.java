package dev.tousei.notification.flow;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** An HTTP receiver for webhook and Slack deliveries: one inbox per path; a path can be made to fail. */
public final class WebhookReceiver {

    /** One request as received, with the receiver's clock. */
    public record Received(String path, Map<String, List<String>> headers, byte[] body, long receivedAtMillis) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final Map<String, List<Received>> inboxes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> refused = new ConcurrentHashMap<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", receiver::handle);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void stop() {
        server.stop(0);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    /** The next {@code count} requests to the path are answered 503, as by a channel that is down. */
    public void failNext(String path, int count) {
        failures.computeIfAbsent("/" + path, ignored -> new AtomicInteger()).set(count);
    }

    public List<Received> received(String path) {
        return List.copyOf(inboxes.getOrDefault("/" + path, List.of()));
    }

    /** Requests answered 503 so far. */
    public int refused(String path) {
        AtomicInteger count = refused.get("/" + path);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.currentTimeMillis();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String path = exchange.getRequestURI().getPath();
        AtomicInteger failing = failures.get(path);
        if (failing != null && failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            refused.computeIfAbsent(path, ignored -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        inboxes.computeIfAbsent(path, ignored -> new CopyOnWriteArrayList<>())
                .add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body, now));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }
}
