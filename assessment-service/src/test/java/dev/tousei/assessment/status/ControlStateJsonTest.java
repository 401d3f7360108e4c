package dev.tousei.assessment.status;

import static dev.tousei.assessment.status.Fixtures.T0;
import static dev.tousei.assessment.status.Fixtures.TRAIL_A;
import static dev.tousei.assessment.status.Fixtures.TRAIL_B;
import static dev.tousei.assessment.status.Fixtures.describeTrails;
import static dev.tousei.assessment.status.Fixtures.startLogging;
import static dev.tousei.assessment.status.Fixtures.state;
import static dev.tousei.assessment.status.Fixtures.stopLogging;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

/** The service stores a ControlState as a JSON column: it must come back equal, and read as plain JSON. */
class ControlStateJsonTest {

    private final ObjectMapper mapper = JsonMapper.builder()
            .findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    @Test
    void roundTripsThroughJson() throws Exception {
        ControlState state = state(stopLogging(TRAIL_A, T0), startLogging(TRAIL_B, T0.plusSeconds(5)),
                describeTrails(T0.plusSeconds(60)));

        String json = mapper.writeValueAsString(state);

        assertThat(mapper.readValue(json, ControlState.class)).isEqualTo(state);
        assertThat(json).contains("\"newestEvidenceAt\":\"2025-04-01T00:01:00Z\"", "\"status\":\"FAILED\"")
                .doesNotContain("resourcesWith");
    }

    @Test
    void readsAnEmptyState() throws Exception {
        assertThat(mapper.readValue("{}", ControlState.class)).isEqualTo(ControlState.empty());
        assertThat(mapper.readValue(mapper.writeValueAsString(ControlState.empty()), ControlState.class))
                .isEqualTo(ControlState.empty());
    }
}
