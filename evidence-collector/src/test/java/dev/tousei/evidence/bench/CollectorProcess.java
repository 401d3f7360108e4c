package dev.tousei.evidence.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged collector ({@code java -jar quarkus-run.jar}) as a child process with its own topics, consumer group,
 * database and HTTP port, plus what /proc and its endpoints say about it.
 */
final class CollectorProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final BenchSettings settings;
    private final Map<String, String> environment;
    private final Path log;
    private final Process process;
    private final long startedNanos = System.nanoTime();

    private CollectorProcess(BenchSettings settings, Map<String, String> environment, Path log, Process process) {
        this.settings = settings;
        this.environment = environment;
        this.log = log;
        this.process = process;
    }

    /** The overrides a bench run gives the collector (Quarkus' environment-variable names). */
    static Map<String, String> environment(BenchSettings settings, String input, String deadLetters, String catalog,
                                           String recorded, String group) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("EVIDENCE_INPUT_TOPIC", input);
        env.put("EVIDENCE_DEAD_LETTER_TOPIC", deadLetters);
        env.put("EVIDENCE_CATALOG_TOPIC", catalog);
        env.put("MP_MESSAGING_OUTGOING_EVIDENCE_RECORDED_TOPIC", recorded);
        env.put("MP_MESSAGING_INCOMING_AWS_EVENTS_GROUP_ID", group);
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", settings.reactiveUrl());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", settings.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", settings.dbUser);
        env.put("QUARKUS_DATASOURCE_PASSWORD", settings.dbPassword);
        env.put("KAFKA_BOOTSTRAP_SERVERS", settings.bootstrap);
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", settings.keycloakUrl + "/realms/tousei");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(settings.httpPort));
        env.put("LOG_JSON", "false");
        // glibc's default of 8 malloc arenas per core lets native memory (Kafka, Netty, the JIT) fragment into RSS
        env.put("MALLOC_ARENA_MAX", "2");
        return env;
    }

    static CollectorProcess start(BenchSettings settings, Map<String, String> environment, String name)
            throws IOException {
        if (!Files.isRegularFile(settings.jar)) {
            throw new IllegalStateException("no collector jar at " + settings.jar + " (build it first)");
        }
        requireFreePort(settings.httpPort);
        Path directory = settings.workDir;
        Files.createDirectories(directory);
        Path log = directory.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String option : settings.collectorJavaOptions.trim().split("\\s+")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        command.add("-jar");
        command.add(settings.jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile()) // an empty folder: no stray .env or config/ is picked up
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        CollectorProcess collector = new CollectorProcess(settings, environment, log, process);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }));
        return collector;
    }

    /** Starts another collector with the same topics, group and database (a restart after a crash). */
    CollectorProcess restart(String name) throws IOException {
        return start(settings, environment, name);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Seconds from start until /q/health/ready answered 200 (the catalog copy caught up: consumption starts). */
    double awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the collector exited with status " + process.exitValue()
                        + " during start-up; see " + log + "\n" + tail(40));
            }
            if (get("/q/health/ready") == 200) {
                return (System.nanoTime() - startedNanos) / 1e9;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the collector was not ready within " + timeout + "; see " + log + "\n"
                + tail(40));
    }

    /** SIGKILL: Process.destroyForcibly() sends SIGKILL on Linux; the exit status proves it (128 + 9). */
    int killHard() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the collector did not die after SIGKILL");
        }
        return process.exitValue();
    }

    /** SIGTERM (Quarkus shuts down gracefully), then SIGKILL after 30 s. */
    int stop() throws InterruptedException {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    /** User + system CPU seconds of the collector so far. */
    double cpuSeconds() {
        long[] stat = CpuMeter.stat(pid());
        return stat == null ? Double.NaN : (stat[0] + stat[1]) / CpuMeter.TICKS_PER_SECOND;
    }

    /** CPU ticks per thread name (/proc/<pid>/task/*: comm is cut to 15 characters by Linux), summed by name. */
    Map<String, Long> threadTicks() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        try (var tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        return ticks;
    }

    /** VmHWM (peak resident set) and VmRSS in kB. */
    long[] memoryKb() {
        return CpuMeter.memoryKb(pid());
    }

    /** The collector's own evidence_* and a few JVM series from /q/metrics (Prometheus text), summed over tags. */
    Map<String, Double> metrics() {
        Map<String, Double> values = new LinkedHashMap<>();
        String body = getBody("/q/metrics");
        if (body == null) {
            return values;
        }
        for (String line : body.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String name = line.contains("{") ? line.substring(0, line.indexOf('{')) : line.substring(0, line.indexOf(' '));
            if (!(name.startsWith("evidence_") || name.startsWith("jvm_gc_pause_seconds")
                    || name.equals("jvm_threads_live_threads") || name.startsWith("kafka_consumer_fetch_manager_fetch_latency_avg"))) {
                continue;
            }
            try {
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (name.endsWith("_max")) {
                    values.merge(name, value, Math::max);
                } else {
                    values.merge(name, value, Double::sum);
                }
            } catch (NumberFormatException e) {
                // NaN etc.
            }
        }
        return values;
    }

    /** Runs jcmd against the collector; the output, or the error. */
    String jcmd(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("jcmd");
        command.add(Long.toString(pid()));
        command.addAll(List.of(arguments));
        try {
            Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(60, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            return "jcmd failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private int get(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String getBody(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void requireFreePort(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is in use; pass --http-port", e);
        }
    }
}
