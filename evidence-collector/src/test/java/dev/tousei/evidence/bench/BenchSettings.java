package dev.tousei.evidence.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Command-line options of the drivers ({@code --name value}, or a bare number for the event count), with defaults
 * that match deploy/local. The infrastructure ports follow deploy/local's {@code TOUSEI_*_PORT} variables.
 */
final class BenchSettings {

    final String run = UUID.randomUUID().toString().substring(0, 8);
    final int events;
    final int accounts;
    final double controlFraction;
    final double invalidFraction;
    final double duplicateFraction;
    final long seed;
    final String bootstrap;
    final String pgHost;
    final int pgPort;
    final String database;
    final String dbUser;
    final String dbPassword;
    final String keycloakUrl;
    final int httpPort;
    final Path jar;
    final String collectorJavaOptions;
    final Path workDir;
    final Path profileDir;
    final int verifyAccounts;
    final double killAt;
    final long stallSeconds;
    final boolean keepTopics;
    private final Map<String, String> options;

    BenchSettings(String[] args, int defaultEvents) {
        options = parse(args);
        events = Integer.parseInt(option("events", Integer.toString(defaultEvents)).replace("_", ""));
        accounts = Integer.parseInt(option("accounts", "50"));
        controlFraction = Double.parseDouble(option("control-fraction", "0.2"));
        invalidFraction = Double.parseDouble(option("invalid-fraction", "0.005"));
        duplicateFraction = Double.parseDouble(option("duplicate-fraction", "0"));
        seed = Long.parseLong(option("seed", Long.toString(System.nanoTime())));
        bootstrap = option("bootstrap", env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + env("TOUSEI_KAFKA_PORT", "9092")));
        pgHost = option("pg-host", "127.0.0.1");
        pgPort = Integer.parseInt(option("pg-port", env("TOUSEI_PG_PORT", "15432")));
        database = option("database", "evidence_bench");
        dbUser = option("db-user", "evidence");
        dbPassword = option("db-password", "evidence");
        keycloakUrl = option("keycloak", "http://127.0.0.1:" + env("TOUSEI_KEYCLOAK_PORT", "8180"));
        httpPort = Integer.parseInt(option("http-port", "18082"));
        jar = Path.of(option("jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        collectorJavaOptions = option("collector-java-opts", env("BENCH_COLLECTOR_JAVA_OPTS", ""));
        workDir = Path.of(option("work-dir", "target/bench")).toAbsolutePath().resolve(run);
        String profile = option("profile", "");
        profileDir = profile.isEmpty() ? null : Path.of(profile).toAbsolutePath();
        String verify = option("verify-accounts", "all");
        verifyAccounts = "all".equals(verify) ? Integer.MAX_VALUE : Integer.parseInt(verify);
        String kill = option("kill-at", "random");
        killAt = "random".equals(kill) ? 0.30 + new java.util.Random().nextDouble() * 0.30 : Double.parseDouble(kill);
        stallSeconds = Long.parseLong(option("stall-seconds", "90"));
        keepTopics = Boolean.parseBoolean(option("keep-topics", "false"));
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + database;
    }

    String reactiveUrl() {
        return "postgresql://" + pgHost + ":" + pgPort + "/" + database;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                String name = arg.substring(2).toLowerCase(Locale.ROOT);
                if (name.contains("=")) {
                    options.put(name.substring(0, name.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
                } else if (i + 1 < args.length) {
                    options.put(name, args[++i]);
                } else {
                    throw new IllegalArgumentException("option " + arg + " needs a value");
                }
            } else if (arg.replace("_", "").matches("\\d+")) {
                options.put("events", arg);
            } else {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        return options;
    }
}
