package dev.tousei.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the manifests must provide for one service, read from its {@code src/main/resources/application.properties}
 * as the production profile sees it: keys of other profiles ({@code %test.}, {@code %dev.}) are dropped,
 * {@code %prod.} keys win, and {@code ${key}} / {@code ${key:default}} expressions are resolved against the file
 * (environment variables are not consulted, so a default is what an unset variable gives).
 */
record ServiceConfig(String name, Path module, int port, Map<String, String> raw, Map<String, String> properties) {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^${}:]+)(?::([^${}]*))?}");
    private static final Pattern CHANNEL_KEY = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.(.+)");

    /** Every module of the repository with an application.properties naming a Quarkus application. */
    static Map<String, ServiceConfig> all(Path root) throws IOException {
        Map<String, ServiceConfig> services = new LinkedHashMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.sorted().toList()) {
                Path file = module.resolve("src/main/resources/application.properties");
                if (Files.isRegularFile(file)) {
                    ServiceConfig config = read(module, file);
                    if (config != null) {
                        services.put(config.name(), config);
                    }
                }
            }
        }
        return services;
    }

    static ServiceConfig read(Path module, Path file) throws IOException {
        Properties raw = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            raw.load(reader);
        }
        Map<String, String> prod = new LinkedHashMap<>();
        raw.stringPropertyNames().stream().sorted().filter(key -> !key.startsWith("%"))
                .forEach(key -> prod.put(key, raw.getProperty(key).strip()));
        raw.stringPropertyNames().stream().sorted().filter(key -> key.startsWith("%prod."))
                .forEach(key -> prod.put(key.substring("%prod.".length()), raw.getProperty(key).strip()));
        Map<String, String> resolved = new LinkedHashMap<>();
        prod.forEach((key, value) -> resolved.put(key, resolve(value, prod, 0)));
        String name = resolved.get("quarkus.application.name");
        if (name == null) {
            return null;
        }
        return new ServiceConfig(name, module, Integer.parseInt(resolved.getOrDefault("quarkus.http.port", "8080")),
                prod, resolved);
    }

    private static String resolve(String value, Map<String, String> properties, int depth) {
        if (depth > 10) {
            throw new IllegalStateException("property expressions nest too deep: " + value);
        }
        Matcher matcher = EXPRESSION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String referenced = properties.get(matcher.group(1));
            String replacement = referenced != null ? resolve(referenced, properties, depth + 1)
                    : matcher.group(2) != null ? matcher.group(2)
                    : matcher.group(); // e.g. ${quarkus.uuid}: known only at run time
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * Every Kafka topic this service produces to or consumes from:
     * <ul>
     * <li>{@code mp.messaging.*.<channel>.topic} and {@code ...dead-letter-queue.topic};</li>
     * <li>a Kafka channel without a topic uses the channel name; an incoming channel with
     * {@code failure-strategy=dead-letter-queue} and no topic for it dead-letters to {@code dead-letter-topic-<channel>}
     * (SmallRye's defaults);</li>
     * <li>application keys ending in {@code -topic} or {@code .topic}, e.g. {@code evidence.catalog-topic}, which a
     * plain Kafka consumer reads.</li>
     * </ul>
     */
    Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        Map<String, String> kafkaChannels = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            Matcher channel = CHANNEL_KEY.matcher(key);
            if (channel.matches()) {
                if (channel.group(3).equals("connector") && value.equals("smallrye-kafka")) {
                    kafkaChannels.put(channel.group(2), channel.group(1));
                }
                return;
            }
            if (key.endsWith("-topic") || key.endsWith(".topic")) {
                topics.add(value);
            }
        });
        kafkaChannels.forEach((channel, direction) -> {
            String prefix = "mp.messaging." + direction + "." + channel + ".";
            topics.add(properties.getOrDefault(prefix + "topic", channel));
            if (direction.equals("incoming")
                    && "dead-letter-queue".equals(properties.get(prefix + "failure-strategy"))) {
                topics.add(properties.getOrDefault(prefix + "dead-letter-queue.topic", "dead-letter-topic-" + channel));
            } else if (properties.containsKey(prefix + "dead-letter-queue.topic")) {
                topics.add(properties.get(prefix + "dead-letter-queue.topic"));
            }
        });
        return topics;
    }

    /**
     * The environment variables that set {@code key}: Quarkus' own ({@code quarkus.http.host} -> QUARKUS_HTTP_HOST)
     * and any the file's expression names ({@code ${HTTP_HOST:127.0.0.1}} -> HTTP_HOST).
     */
    Set<String> environmentVariablesFor(String key) {
        Set<String> names = new TreeSet<>();
        names.add(key.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
        String value = raw.get(key);
        if (value != null) {
            Matcher matcher = EXPRESSION.matcher(value);
            while (matcher.find()) {
                if (matcher.group(1).matches("[A-Z0-9_]+")) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }
}
