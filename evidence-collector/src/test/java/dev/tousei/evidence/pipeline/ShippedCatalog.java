package dev.tousei.evidence.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tousei.events.catalog.ControlChanged;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The catalog shipped in catalog-service (its seed files, read from the sibling module), turned into the
 * {@code catalog.control-changed.v1} events catalog-service publishes for it.
 */
final class ShippedCatalog {

    static final Path CATALOG = Path.of("..", "catalog-service", "src", "main", "resources", "catalog");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ShippedCatalog() {
    }

    static void publishTo(String bootstrapServers, String topic) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            for (ObjectNode event : events()) {
                producer.send(new ProducerRecord<>(topic, event.get("controlId").asText(), event.toString())).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish the shipped catalog to " + topic, e);
        }
    }

    static List<ObjectNode> events() {
        JsonNode manifest = read(CATALOG.resolve("frameworks.json"));
        Map<String, List<String>> configRules = configRulesByControl();
        List<ObjectNode> events = new ArrayList<>();
        for (JsonNode framework : manifest.get("frameworks")) {
            for (JsonNode file : framework.get("control_files")) {
                for (JsonNode control : read(CATALOG.resolve(file.asText()))) {
                    String id = control.get("id").asText();
                    ObjectNode snapshot = camelCase(control);
                    snapshot.put("frameworkId", framework.get("id").asText());
                    ArrayNode rules = JSON.createArrayNode();
                    configRules.getOrDefault(id, List.of()).forEach(rules::add);
                    snapshot.set("awsConfigRules", rules);
                    snapshot.put("version", 0);
                    ObjectNode event = JSON.createObjectNode();
                    event.put("eventId", UUID.randomUUID().toString());
                    event.put("controlId", id);
                    event.put("change", ControlChanged.ChangeKind.CREATED.name());
                    event.put("catalogRevision", 1);
                    event.put("changedAt", Instant.now().toString());
                    event.put("changedBy", "test");
                    event.set("control", snapshot);
                    events.add(event);
                }
            }
        }
        return events;
    }

    private static Map<String, List<String>> configRulesByControl() {
        Map<String, List<String>> rules = new HashMap<>();
        for (JsonNode mapping : read(CATALOG.resolve("mappings/wa-config-rules.json")).get("mappings")) {
            if ("CONTROL".equals(mapping.at("/source/kind").asText())
                    && "AWS_CONFIG_RULE".equals(mapping.at("/target/kind").asText())) {
                rules.computeIfAbsent(mapping.at("/source/id").asText(), ignored -> new ArrayList<>())
                        .add(mapping.at("/target/name").asText());
            }
        }
        return rules;
    }

    /** snake_case seed fields to the camelCase of the event contract, recursively. */
    private static ObjectNode camelCase(JsonNode node) {
        ObjectNode result = JSON.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().startsWith("_")) {
                continue;
            }
            result.set(toCamel(field.getKey()), convert(field.getValue()));
        }
        return result;
    }

    private static JsonNode convert(JsonNode value) {
        if (value.isObject()) {
            return camelCase(value);
        }
        if (value.isArray()) {
            ArrayNode array = JSON.createArrayNode();
            value.forEach(element -> array.add(convert(element)));
            return array;
        }
        return value;
    }

    private static String toCamel(String snake) {
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }

    private static JsonNode read(Path path) {
        try {
            return JSON.readTree(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
