// A webhook receiver for the local demo (deploy/local/up starts it; JDK only, run from source):
//   java WebhookSink.java PORT FILE [SECRET]
// POST (any path): the request is appended to FILE as one JSON line {receivedAt, path, event, delivery, signature,
// body} and answered 204; signature is "valid", "invalid" or "absent" (X-Tousei-Signature: v1=<hex HMAC-SHA256 of
// "<X-Tousei-Timestamp>.<body>" with SECRET>). GET (any path): everything received, as a JSON array, oldest first.
// DELETE: forget everything received. Local development only.

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class WebhookSink {

    private static Path file;
    private static String secret;

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java WebhookSink.java PORT FILE [SECRET]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        file = Path.of(args[1]);
        secret = args.length > 2 && !args[2].isEmpty() ? args[2] : null;
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.createContext("/", WebhookSink::handle);
        server.start();
        System.out.println("webhook sink listening on http://127.0.0.1:" + port + "/, recording to " + file
                + (secret == null ? "" : ", checking signatures"));
    }

    private static synchronized void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            switch (exchange.getRequestMethod()) {
                case "POST" -> {
                    byte[] body;
                    try (InputStream in = exchange.getRequestBody()) {
                        body = in.readAllBytes();
                    }
                    String line = "{\"receivedAt\":\"" + Instant.now() + "\",\"path\":" + quote(exchange.getRequestURI().getPath())
                            + ",\"event\":" + quote(exchange.getRequestHeaders().getFirst("X-Tousei-Event"))
                            + ",\"delivery\":" + quote(exchange.getRequestHeaders().getFirst("X-Tousei-Delivery"))
                            + ",\"signature\":\"" + signature(exchange, body) + "\",\"body\":" + json(body) + "}\n";
                    Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                    System.out.print(line);
                    exchange.sendResponseHeaders(204, -1);
                }
                case "GET" -> {
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    byte[] answer = ("[" + String.join(",\n", lines.stream().filter(l -> !l.isBlank()).toList()) + "]\n")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, answer.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer);
                    }
                }
                case "DELETE" -> {
                    Files.writeString(file, "", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
                    exchange.sendResponseHeaders(204, -1);
                }
                default -> exchange.sendResponseHeaders(405, -1);
            }
        }
    }

    private static String signature(HttpExchange exchange, byte[] body) {
        String timestamp = exchange.getRequestHeaders().getFirst("X-Tousei-Timestamp");
        String given = exchange.getRequestHeaders().getFirst("X-Tousei-Signature");
        if (given == null || timestamp == null) {
            return "absent";
        }
        if (secret == null) {
            return "unchecked";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp.trim() + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    given.trim().getBytes(StandardCharsets.UTF_8)) ? "valid" : "invalid";
        } catch (Exception e) {
            return "invalid";
        }
    }

    /** The body itself when it looks like JSON (newlines, only whitespace outside strings there, become spaces). */
    private static String json(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.startsWith("{") && text.endsWith("}") || text.startsWith("[") && text.endsWith("]")) {
            return text.replace('\n', ' ').replace('\r', ' ');
        }
        return quote(text);
    }

    private static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
