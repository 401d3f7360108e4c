package dev.tousei.assessment.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tousei.events.assessment.ControlStatusChanged;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * The published contract in {@code docs/} against what the publishers really send: the JSON schema (draft-07,
 * validated with everit) and the AsyncAPI document, whose examples are golden events that must keep deserialising.
 */
class EventContractTest {

    private static final Path DOCS = Path.of("docs");

    private final ObjectMapper mapper = StatusEvents.objectMapper();
    private final JsonNode schemaJson = read(new ObjectMapper(), "control-status-changed.v1.schema.json");
    private final Schema schema = SchemaLoader.load(new JSONObject(schemaJson.toString()));
    private final JsonNode asyncApi = read(new ObjectMapper(new YAMLFactory()), "asyncapi.yaml");

    @Test
    void whatThePublishersSendMatchesTheSchema() {
        StatusEventKafkaPublisher kafka = new StatusEventKafkaPublisher(null, mapper);
        EventBridgePublisher eventBridge = new EventBridgePublisher(disabled(), mapper, new SimpleMeterRegistry());

        for (ControlStatusChanged event : List.of(StatusEvents.failed(1), StatusEvents.first())) {
            schema.validate(new JSONObject(new String(kafka.toMessage(event, null).getPayload(),
                    StandardCharsets.UTF_8)));
            schema.validate(new JSONObject(eventBridge.entry(event).detail()));
        }
    }

    @Test
    void theSchemaRejectsWhatTheContractRules() throws Exception {
        ObjectNode valid = (ObjectNode) mapper.valueToTree(StatusEvents.failed(1));
        schema.validate(new JSONObject(valid.toString()));

        assertRejected(valid, event -> event.put("status", "GREEN"));
        assertRejected(valid, event -> event.remove("eventId"));
        assertRejected(valid, event -> event.put("eventId", "not-a-uuid"));
        assertRejected(valid, event -> event.put("accountId", "12345"));
        assertRejected(valid, event -> event.put("changedAt", 1795329667.312));
        assertRejected(valid, event -> event.put("changedAt", "yesterday"));
        assertRejected(valid, event -> event.putNull("evidenceIds"));
        // consumers ignore fields they do not know: additions stay valid within v1
        ObjectNode added = valid.deepCopy().put("addedInV1Point1", "x");
        schema.validate(new JSONObject(added.toString()));
    }

    @Test
    void theExamplesAreValidAndDeserialise() throws Exception {
        List<JsonNode> examples = List.of(
                schemaJson.at("/examples/0"),
                asyncApi.at("/components/messages/controlStatusChangedCloudEvent/examples/0/payload"),
                asyncApi.at("/components/messages/controlStatusChangedEventBridge/examples/0/payload/detail"));

        for (JsonNode example : examples) {
            assertThat(example.isObject()).isTrue();
            schema.validate(new JSONObject(example.toString()));
            ControlStatusChanged event = mapper.treeToValue(example, ControlStatusChanged.class);
            assertThat(event.eventId()).isNotNull();
            assertThat(event.status()).isNotNull();
            assertThat(event.changedAt()).isNotNull();
        }
        ControlStatusChanged first = mapper.treeToValue(examples.get(2), ControlStatusChanged.class);
        assertThat(first.previousStatus()).isNull();
        assertThat(first.displayId()).isEqualTo("統2");
    }

    @Test
    void theAsyncApiDocumentNamesWhatThePublishersUse() throws Exception {
        assertThat(schemaJson.get("$id").asText()).isEqualTo(StatusEventKafkaPublisher.DATA_SCHEMA.toString());
        assertThat(asyncApi.get("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(asyncApi.at("/channels/controlStatusChangedKafka/address").asText())
                .isEqualTo(StatusEventKafkaPublisher.TOPIC);
        assertThat(asyncApi.at("/channels/controlStatusChangedEventBridge/address").asText())
                .isEqualTo(disabled().busName());
        JsonNode envelope = asyncApi.at("/components/schemas/EventBridgeEvent/properties");
        assertThat(envelope.at("/detail-type/const").asText()).isEqualTo(ControlStatusChanged.TYPE);
        assertThat(envelope.at("/source/const").asText()).isEqualTo(disabled().source());

        // the documented header schema accepts the example and the headers the publisher really writes
        // AsyncAPI 3 schemas are a superset of draft-07 (const included): load as draft-07, not everit's draft-04
        Schema headerSchema = SchemaLoader.builder().draftV7Support()
                .schemaJson(new JSONObject(asyncApi.at("/components/schemas/CloudEventBinaryHeaders").toString()))
                .build().load().build();
        JsonNode exampleHeaders = asyncApi.at("/components/messages/controlStatusChangedCloudEvent/examples/0/headers");
        headerSchema.validate(new JSONObject(exampleHeaders.toString()));
        Message<byte[]> sent = new StatusEventKafkaPublisher(null, mapper)
                .toMessage(StatusEvents.failed(1), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        JSONObject written = new JSONObject();
        for (Header header : sent.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders()) {
            written.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        headerSchema.validate(written);
        JSONObject wrongType = new JSONObject(written.toString()).put("ce_type", "assessment.something-else.v1");
        assertThatThrownBy(() -> headerSchema.validate(wrongType)).isInstanceOf(ValidationException.class);
        assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(
                () -> asyncApi.at("/components/schemas/CloudEventBinaryHeaders/properties").fieldNames());
    }

    private void assertRejected(ObjectNode valid, Consumer<ObjectNode> change) {
        ObjectNode invalid = valid.deepCopy();
        change.accept(invalid);
        assertThatThrownBy(() -> schema.validate(new JSONObject(invalid.toString())))
                .as("%s", invalid)
                .isInstanceOf(ValidationException.class);
    }

    private static JsonNode read(ObjectMapper reader, String file) {
        try {
            return reader.readTree(Files.readString(DOCS.resolve(file)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read docs/" + file, e);
        }
    }

    private static EventBridgeConfig disabled() {
        return EventBridgeConfigs.of(Map.of());
    }
}
