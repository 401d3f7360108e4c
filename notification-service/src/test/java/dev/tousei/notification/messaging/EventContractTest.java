package dev.tousei.notification.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tousei.events.notification.AlertRaised;
import dev.tousei.events.notification.AlertState;
import dev.tousei.events.notification.AlertStateChanged;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;
import org.json.JSONTokener;
import org.junit.jupiter.api.Test;

/** The published events match docs/*.schema.json, and the golden files keep deserialising. */
class EventContractTest {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private static Schema schema(String file) throws Exception {
        return SchemaLoader.load(new JSONObject(new JSONTokener(Files.readString(Path.of("docs", file)))));
    }

    private static String golden(String file) throws Exception {
        try (InputStream in = EventContractTest.class.getResourceAsStream("/events/" + file)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void alertRaisedMatchesItsSchemaAndTheGoldenFileStillReads() throws Exception {
        AlertRaised event = JSON.readValue(golden("alert-raised.v1.json"), AlertRaised.class);
        assertThat(event.raisedAt()).isEqualTo(Instant.parse("2026-11-30T01:02:03.456Z"));
        assertThat(event.kind()).isEqualTo("CONTROL_FAILED");
        Schema schema = schema("alert-raised.v1.schema.json");
        schema.validate(new JSONObject(JSON.writeValueAsString(event)));
        schema.validate(new JSONObject(golden("alert-raised.v1.json")));
        JSONObject bad = new JSONObject(JSON.writeValueAsString(event)).put("severity", "URGENT");
        assertThatThrownBy(() -> schema.validate(bad)).isInstanceOf(ValidationException.class);
    }

    @Test
    void alertStateChangedMatchesItsSchemaAndTheGoldenFileStillReads() throws Exception {
        AlertStateChanged event = JSON.readValue(golden("alert-state-changed.v1.json"), AlertStateChanged.class);
        assertThat(event.state()).isEqualTo(AlertState.RESOLVED);
        Schema schema = schema("alert-state-changed.v1.schema.json");
        schema.validate(new JSONObject(JSON.writeValueAsString(event)));
        AlertStateChanged fresh = new AlertStateChanged(UUID.randomUUID(), UUID.randomUUID(), "finding:x",
                "111122223333", null, "LOW", AlertState.OPEN, AlertState.ACKNOWLEDGED, "analyst", null, Instant.now());
        schema.validate(new JSONObject(JSON.writeValueAsString(fresh)));
    }
}
