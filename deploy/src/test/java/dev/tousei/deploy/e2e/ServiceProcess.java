package dev.tousei.deploy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) run as a child process. */
final class ServiceProcess {

    /** Settings of the caller's environment that would reach the service and override what the test decides. */
    private static final List<String> ENV_PREFIXES = List.of("QUARKUS_", "MP_MESSAGING_", "KAFKA_", "CATALOG_",
            "EVIDENCE_", "ASSESSMENT_", "NOTIFICATION_", "SMTP_", "MAIL_", "EVENTBRIDGE_", "LOG_JSON", "HTTP_HOST");

    private static final java.util.regex.Pattern STARTED_IN = java.util.regex.Pattern.compile(
            "started in ([0-9.]+)s");

    /**
     * The JVM options of the services' containers (deploy/kubernetes: a 512Mi limit, run-java.sh's heap of 37 % of it
     * and its default GC settings, common.env's additions), so that memory and start figures measured here are the
     * pods'. {@code -Dtousei.service-java-opts} overrides them.
     */
    static final String JAVA_OPTIONS = System.getProperty("tousei.service-java-opts", "-Xms64m -Xmx189m "
            + "-XX:+UseParallelGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4 "
            + "-XX:AdaptiveSizePolicyWeight=90 -XX:+ExitOnOutOfMemoryError -XX:ReservedCodeCacheSize=64m -Xss512k");

    final String module;
    final int port;
    final Path log;
    private final Process process;

    private ServiceProcess(String module, int port, Path log, Process process) {
        this.module = module;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code java -jar quarkus-run.jar} in the application folder with the given settings as system properties. */
    static ServiceProcess start(Path root, String module, int port, Map<String, String> settings, Path logDir,
                                String logName) {
        return start(root, module, port, settings, logDir, logName, List.of());
    }

    /** As above, with JVM options after the pods' (e.g. an AppCDS archive). */
    static ServiceProcess start(Path root, String module, int port, Map<String, String> settings, Path logDir,
                                String logName, List<String> extraJvmOptions) {
        Path application = root.resolve(module).resolve("target/quarkus-app");
        Path jar = application.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw -B -pl deploy -am verify "
                    + "builds them before this module)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(JAVA_OPTIONS.trim().split("\\s+")));
        command.addAll(extraJvmOptions);
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        // relative, from the application folder, as the AppCDS archive recorded it: otherwise the JVM rejects it
        command.add(jar.getFileName().toString());
        Path log = logDir.resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(command).directory(application.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> ENV_PREFIXES.stream().anyMatch(name::startsWith));
        builder.environment().put("MALLOC_ARENA_MAX", "2"); // as common.env sets it for the pods
        try {
            return new ServiceProcess(module, port, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + module, e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Waits for {@code /q/health/ready} to answer 200; fails early when the process exits. */
    void awaitReady(Http http, Duration timeout) {
        Await.until(module + " ready on " + url() + "/q/health/ready (log: " + log + ")", timeout,
                Duration.ofMillis(250), () -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(module + " exited with status " + process.exitValue()
                                + "; last lines of " + log + ":\n" + tail(40));
                    }
                    try {
                        return http.get(url() + "/q/health/ready", null).status() == 200 ? Optional.of(true)
                                : Optional.empty();
                    } catch (UncheckedIOException notListeningYet) {
                        return Optional.empty();
                    }
                });
    }

    /** SIGKILL (Process.destroyForcibly() on Linux) and the exit status, 137 when the signal killed it. */
    int kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(module + " did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /** SIGTERM: Quarkus shuts down gracefully. */
    void requestStop() {
        process.destroy();
    }

    /** Waits until the deadline for the process to end, then SIGKILL. */
    void awaitStop(long deadlineNanos) {
        try {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || !process.waitFor(left, TimeUnit.NANOSECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Resident memory now (VmRSS of /proc/<pid>/status), in MB; -1 when unreadable. */
    long residentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | UncheckedIOException | NumberFormatException unreadable) {
            // -1 below
        }
        return -1;
    }

    /** "pid start-instant": identifies this process even after its PID is reused. */
    String identity() {
        return process.pid() + " " + process.toHandle().info().startInstant().map(Object::toString).orElse("?");
    }

    /**
     * Quarkus' own start time ("started in 1.234s" in the log: from the JVM's start to the application accepting
     * requests), or NaN while it has not started.
     */
    double quarkusStartSeconds() {
        try {
            for (String line : Files.readAllLines(log)) {
                java.util.regex.Matcher started = STARTED_IN.matcher(line);
                if (started.find()) {
                    return Double.parseDouble(started.group(1));
                }
            }
        } catch (IOException | UncheckedIOException unreadable) {
            // NaN below
        }
        return Double.NaN;
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
