package dev.tousei.deploy.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * Where the services export their spans in the end-to-end run (OTLP over HTTP, protobuf): keeps every export request
 * and answers 200, so tracing is on for real without a collector. The protobuf is not decoded: an export holds one
 * service's spans with its {@code service.name} as UTF-8 text and every trace id as its 16 raw bytes, which is enough
 * to tell whether a service exported a span of a trace.
 */
final class OtlpReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<byte[]> exports = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "otlp-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The OTLP endpoint; the exporter posts to {@code /v1/traces} under it. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = unzipped.readAllBytes();
            }
        }
        exports.add(body);
        exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse: everything accepted
        exchange.close();
    }

    /** Whether the service has exported a span of the trace. */
    boolean exported(String serviceName, String traceIdHex) {
        byte[] name = serviceName.getBytes(StandardCharsets.UTF_8);
        byte[] traceId = HexFormat.of().parseHex(traceIdHex);
        return exports.stream().anyMatch(body -> contains(body, name) && contains(body, traceId));
    }

    int exports() {
        return exports.size();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
