package dev.tousei.assessment.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tousei.events.assessment.ControlStatus;
import dev.tousei.events.assessment.ControlStatusChanged;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/** Control-status events for the publisher tests, and an ObjectMapper configured like Quarkus' default one. */
final class StatusEvents {

    static final Instant CHANGED_AT = Instant.parse("2026-11-22T06:41:07.312Z");

    private StatusEvents() {
    }

    static ObjectMapper objectMapper() {
        return JsonMapper.builder()
                .findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    static ControlStatusChanged failed(int n) {
        return withReason(n, "CloudTrail trail org-trail-" + n + " stopped logging");
    }

    static ControlStatusChanged withReason(int n, String reason) {
        return new ControlStatusChanged(UUID.randomUUID(), "123456789012", "sec04-bp01-" + n, "SEC4-1",
                "aws-wa-security", ControlStatus.PASSED, ControlStatus.FAILED, "HIGH", reason,
                List.of(UUID.randomUUID()), List.of(),
                List.of("arn:aws:cloudtrail:ap-northeast-1:123456789012:trail/org-trail-" + n),
                CHANGED_AT.plusMillis(n), CHANGED_AT.minusSeconds(2));
    }

    static ControlStatusChanged first() {
        return new ControlStatusChanged(UUID.randomUUID(), "123456789012", "fisc-t2", "統2",
                "fisc-control-standards", null, ControlStatus.INSUFFICIENT_DATA, null,
                "No evidence and no attestation yet", List.of(), List.of(), List.of(), CHANGED_AT, CHANGED_AT);
    }

    static List<ControlStatusChanged> failed(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(StatusEvents::failed).toList();
    }
}
