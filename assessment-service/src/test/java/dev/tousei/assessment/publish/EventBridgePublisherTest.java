package dev.tousei.assessment.publish;

import static dev.tousei.assessment.publish.EventBridgePublisher.FAILED_COUNTER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tousei.events.assessment.ControlStatusChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/** The real SDK async client against {@link EventBridgeStub} through {@code endpointOverride}. */
class EventBridgePublisherTest {

    private static final String BUS = "tousei-control-status-test";
    private static final String SOURCE = "tousei.assessment";
    private static final Duration NO_HANG = Duration.ofSeconds(20);

    private final ObjectMapper mapper = StatusEvents.objectMapper();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private EventBridgeStub stub;
    private EventBridgePublisher publisher;

    @BeforeEach
    void startStub() throws Exception {
        stub = EventBridgeStub.start();
    }

    @AfterEach
    void stop() {
        if (publisher != null) {
            // the SDK's Netty event loops take a 2 s quiet period to close: not worth waiting for in every test
            CompletableFuture.runAsync(publisher::close);
        }
        stub.close();
    }

    @Test
    void sendsTwentyThreeEventsInCallsOfTenTenAndThree() throws Exception {
        publisher = publisher(config(true, 3));
        List<ControlStatusChanged> events = StatusEvents.failed(0, 23);

        publisher.publish(events).await().atMost(NO_HANG);

        List<EventBridgeStub.Call> calls = stub.calls();
        assertThat(calls).extracting(call -> call.entries().size()).containsExactly(10, 10, 3);
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.target()).isEqualTo("AWSEvents.PutEvents");
            assertThat(call.contentType()).startsWith(EventBridgeStub.AMZ_JSON);
            // signed with the static test credentials for the configured region
            assertThat(call.authorization()).contains("Credential=test/").contains("/ap-northeast-1/events/");
        });
        List<JsonNode> entries = calls.stream().flatMap(call -> call.entries().stream()).toList();
        for (int i = 0; i < events.size(); i++) {
            ControlStatusChanged event = events.get(i);
            JsonNode entry = entries.get(i);
            assertThat(entry.get("Source").asText()).isEqualTo(SOURCE);
            assertThat(entry.get("DetailType").asText()).isEqualTo("assessment.control-status-changed.v1");
            assertThat(entry.get("EventBusName").asText()).isEqualTo(BUS);
            assertThat(mapper.readValue(entry.get("Detail").asText(), ControlStatusChanged.class)).isEqualTo(event);
            assertThat(Math.round(entry.get("Time").asDouble() * 1000)).isEqualTo(event.changedAt().toEpochMilli());
            assertThat(entry.path("Resources").size()).isZero();
        }
        assertThat(failedTotal()).isZero();
    }

    @Test
    void resendsOnlyTheEntriesEventBridgeRejected() throws Exception {
        publisher = publisher(config(true, 3));
        List<ControlStatusChanged> events = StatusEvents.failed(0, 10);
        stub.respondWith((call, entries) -> call == 0
                ? EventBridgeStub.withFailures(entries, Map.of(3, "ThrottlingException", 7, "ThrottlingException"))
                : EventBridgeStub.accepted(entries));

        publisher.publish(events).await().atMost(NO_HANG);

        List<EventBridgeStub.Call> calls = stub.calls();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).entries()).hasSize(10);
        assertThat(eventIds(calls.get(1))).containsExactly(events.get(3).eventId().toString(),
                events.get(7).eventId().toString());
        assertThat(failedTotal()).isZero();
    }

    @Test
    void givesUpAfterMaxAttemptsCountsTheEventAndCompletes() throws Exception {
        publisher = publisher(config(true, 3));
        List<ControlStatusChanged> events = StatusEvents.failed(0, 4);
        String doomed = events.get(2).eventId().toString();
        stub.respondWith((call, entries) -> EventBridgeStub.withFailures(entries,
                indexesOf(entries, doomed, "InternalFailure")));

        publisher.publish(events).await().atMost(NO_HANG);

        List<EventBridgeStub.Call> calls = stub.calls();
        assertThat(calls).hasSize(3);
        assertThat(calls.get(0).entries()).hasSize(4);
        assertThat(eventIds(calls.get(1))).containsExactly(doomed);
        assertThat(eventIds(calls.get(2))).containsExactly(doomed);
        assertThat(failedTotal()).isEqualTo(1.0);
        assertThat(failed("InternalFailure")).isEqualTo(1.0);
    }

    @Test
    void withOneAttemptNothingIsResent() throws Exception {
        publisher = publisher(config(true, 1));
        stub.respondWith((call, entries) -> EventBridgeStub.withFailures(entries, Map.of(0, "ThrottlingException")));

        publisher.publish(StatusEvents.failed(0, 2)).await().atMost(NO_HANG);

        assertThat(stub.calls()).hasSize(1);
        assertThat(failed("ThrottlingException")).isEqualTo(1.0);
    }

    @Test
    void doesNotResendEntriesRejectedWithANonRetryableCode() throws Exception {
        publisher = publisher(config(true, 3));
        List<ControlStatusChanged> events = StatusEvents.failed(0, 3);
        stub.respondWith((call, entries) -> EventBridgeStub.withFailures(entries, Map.of(1, "MalformedDetail")));

        publisher.publish(events).await().atMost(NO_HANG);

        assertThat(stub.calls()).hasSize(1);
        assertThat(failed("MalformedDetail")).isEqualTo(1.0);
        assertThat(failedTotal()).isEqualTo(1.0);
    }

    @Test
    void aCallFailingAfterTheSdkRetriesGivesUpTheRestOfThePublish() {
        publisher = publisher(config(true, 3));
        stub.respondWith((call, entries) -> EventBridgeStub.error(500, "InternalException"));

        publisher.publish(StatusEvents.failed(0, 25)).await().atMost(NO_HANG);

        // the SDK tried the first batch three times; the two other batches were not tried
        assertThat(stub.calls()).hasSize(3).allSatisfy(call -> assertThat(call.entries()).hasSize(10));
        assertThat(failed(EventBridgePublisher.REASON_REQUEST_FAILED)).isEqualTo(25.0);
    }

    @Test
    void aHangingEndpointEndsAtTheApiCallTimeout() {
        publisher = publisher(config(true, 3, "500ms"));
        stub.delayResponses(Duration.ofSeconds(5));

        long started = System.nanoTime();
        publisher.publish(StatusEvents.failed(0, 2)).await().atMost(NO_HANG);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        assertThat(failed(EventBridgePublisher.REASON_REQUEST_FAILED)).isEqualTo(2.0);
    }

    @Test
    void startsANewCallBeforeTheEntriesReach256KiB() {
        publisher = publisher(config(true, 3));
        int half = EventBridgePublisher.MAX_CALL_BYTES / 2;

        // 131072 + 131072 = 262144 bytes: not below 256 KiB, so two calls
        publisher.publish(List.of(ofEntrySize(1, half), ofEntrySize(2, half))).await().atMost(NO_HANG);
        assertThat(stub.calls()).extracting(call -> call.entries().size()).containsExactly(1, 1);

        // 131072 + 131071 = 262143 bytes: one call
        publisher.publish(List.of(ofEntrySize(3, half), ofEntrySize(4, half - 1))).await().atMost(NO_HANG);
        assertThat(stub.calls()).extracting(call -> call.entries().size()).containsExactly(1, 1, 2);

        // 100 KB each: two per call
        publisher.publish(List.of(ofEntrySize(5, 100_000), ofEntrySize(6, 100_000), ofEntrySize(7, 100_000),
                ofEntrySize(8, 100_000), ofEntrySize(9, 100_000))).await().atMost(NO_HANG);
        assertThat(stub.calls()).extracting(call -> call.entries().size()).containsExactly(1, 1, 2, 2, 2, 1);
        assertThat(failedTotal()).isZero();
    }

    @Test
    void logsAndCountsAnEventTooLargeOnItsOwnAndSendsTheOthers() throws Exception {
        publisher = publisher(config(true, 3));
        ControlStatusChanged tooLarge = ofEntrySize(1, EventBridgePublisher.MAX_CALL_BYTES);
        ControlStatusChanged largest = ofEntrySize(2, EventBridgePublisher.MAX_CALL_BYTES - 1);
        ControlStatusChanged small = StatusEvents.failed(3);

        publisher.publish(List.of(tooLarge, largest, small)).await().atMost(NO_HANG);

        assertThat(stub.calls()).hasSize(2);
        assertThat(eventIds(stub.calls().get(0))).containsExactly(largest.eventId().toString());
        assertThat(eventIds(stub.calls().get(1))).containsExactly(small.eventId().toString());
        assertThat(failed(EventBridgePublisher.REASON_TOO_LARGE)).isEqualTo(1.0);
    }

    @Test
    void computesTheEntrySizeAsEventBridgeDoes() {
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
                .source("a").detailType("bb").detail("{\"r\":\"統\"}").resources("r1", "r2")
                .eventBusName("not counted").time(StatusEvents.CHANGED_AT).build();

        assertThat(EventBridgePublisher.entrySize(entry)).isEqualTo(14 + 1 + 2 + 11 + 4);
        assertThat(EventBridgePublisher.entrySize(entry.toBuilder().time(null).resources((List<String>) null).build()))
                .isEqualTo(1 + 2 + 11);
    }

    @Test
    void defaultsAreOffTokyoAndThreeAttempts() {
        EventBridgeConfig defaults = EventBridgeConfigs.of(Map.of());

        assertThat(defaults.enabled()).isFalse();
        assertThat(defaults.busName()).isEqualTo("tousei-control-status");
        assertThat(defaults.source()).isEqualTo("tousei.assessment");
        assertThat(defaults.region()).isEqualTo("ap-northeast-1");
        assertThat(defaults.endpointOverride()).isEmpty();
        assertThat(defaults.maxAttempts()).isEqualTo(3);
        assertThat(defaults.initialBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(defaults.maxBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.apiCallTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void disabledSendsNothing() {
        publisher = publisher(config(false, 3));

        publisher.publish(StatusEvents.failed(0, 3)).await().atMost(NO_HANG);

        assertThat(stub.calls()).isEmpty();
        assertThat(failedTotal()).isZero();
    }

    @Test
    void leavesTheEventLoopFreeAndCompletesOnTheCallersContext() throws Exception {
        publisher = publisher(config(true, 3));
        stub.delayResponses(Duration.ofMillis(500));
        Vertx vertx = Vertx.vertx();
        try {
            Context context = vertx.getOrCreateContext();
            CompletableFuture<Boolean> loopRanWhileSending = new CompletableFuture<>();
            CompletableFuture<String> completedOn = new CompletableFuture<>();
            context.runOnContext(ignored -> {
                publisher.publish(StatusEvents.failed(0, 3)).subscribe().with(
                        done -> completedOn.complete(Thread.currentThread().getName()
                                + (Vertx.currentContext() == context ? " (caller context)" : " (other context)")),
                        completedOn::completeExceptionally);
                context.runOnContext(next -> loopRanWhileSending.complete(!completedOn.isDone()));
            });

            assertThat(loopRanWhileSending.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(completedOn.get(10, TimeUnit.SECONDS))
                    .startsWith("vert.x-eventloop-thread").endsWith("(caller context)");
            assertThat(stub.calls()).hasSize(1);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    /** An event whose PutEvents entry is exactly {@code size} bytes, padded with 3-byte UTF-8 characters. */
    private ControlStatusChanged ofEntrySize(int n, int size) {
        ControlStatusChanged unpadded = StatusEvents.withReason(n, "");
        int missing = size - entrySize(unpadded);
        ControlStatusChanged event = StatusEvents.withReason(n, "統".repeat(missing / 3) + "x".repeat(missing % 3));
        assertThat(entrySize(event)).isEqualTo(size);
        return event;
    }

    /** Computed here independently of the publisher: Source + DetailType + Detail in UTF-8 bytes + 14 for Time. */
    private int entrySize(ControlStatusChanged event) {
        try {
            return SOURCE.getBytes(StandardCharsets.UTF_8).length
                    + ControlStatusChanged.TYPE.getBytes(StandardCharsets.UTF_8).length
                    + mapper.writeValueAsString(event).getBytes(StandardCharsets.UTF_8).length
                    + 14;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> eventIds(EventBridgeStub.Call call) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode entry : call.entries()) {
            ids.add(mapper.readTree(entry.get("Detail").asText()).get("eventId").asText());
        }
        return ids;
    }

    private Map<Integer, String> indexesOf(List<JsonNode> entries, String eventId, String errorCode) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).get("Detail").asText().contains(eventId)) {
                return Map.of(i, errorCode);
            }
        }
        return Map.of();
    }

    private double failed(String reason) {
        Counter counter = registry.find(FAILED_COUNTER).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private double failedTotal() {
        return registry.find(FAILED_COUNTER).counters().stream().mapToDouble(Counter::count).sum();
    }

    private EventBridgePublisher publisher(EventBridgeConfig config) {
        return new EventBridgePublisher(config, mapper, registry);
    }

    private EventBridgeConfig config(boolean enabled, int maxAttempts) {
        return config(enabled, maxAttempts, "10s");
    }

    private EventBridgeConfig config(boolean enabled, int maxAttempts, String apiCallTimeout) {
        return EventBridgeConfigs.of(Map.of(
                "enabled", String.valueOf(enabled),
                "bus-name", BUS,
                "endpoint-override", stub.endpoint().toString(),
                "max-attempts", String.valueOf(maxAttempts),
                "initial-backoff", "20ms",
                "max-backoff", "100ms",
                "api-call-timeout", apiCallTimeout));
    }
}
