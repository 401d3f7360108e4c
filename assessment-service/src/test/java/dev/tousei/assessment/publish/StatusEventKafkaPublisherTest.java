package dev.tousei.assessment.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tousei.events.assessment.ControlStatusChanged;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.CloudEventUtils;
import io.cloudevents.jackson.PojoCloudEventDataMapper;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/** The CloudEvent, headers and key the Kafka publisher hands to the connector (no broker). */
class StatusEventKafkaPublisherTest {

    private final ObjectMapper mapper = StatusEvents.objectMapper();
    private final CapturingEmitter emitter = new CapturingEmitter();
    private final StatusEventKafkaPublisher publisher = new StatusEventKafkaPublisher(emitter, mapper);

    @Test
    void sendsABinaryModeCloudEventKeyedByAccountAndControl() throws Exception {
        ControlStatusChanged event = StatusEvents.failed(1);

        publisher.publish(event, null).await().atMost(Duration.ofSeconds(5));

        assertThat(emitter.sent).hasSize(1);
        Message<byte[]> message = emitter.sent.get(0);
        OutgoingKafkaRecordMetadata<?> metadata = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(metadata.getKey()).isEqualTo("123456789012/sec04-bp01-1");
        assertThat(metadata.getTopic()).as("the channel's configured topic decides").isNull();
        assertThat(headers(metadata.getHeaders())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ce_specversion", "1.0",
                "ce_id", event.eventId().toString(),
                "ce_source", "urn:tousei:assessment-service",
                "ce_type", "assessment.control-status-changed.v1",
                "ce_subject", "123456789012/sec04-bp01-1",
                "ce_time", "2026-11-22T06:41:07.313Z",
                "ce_dataschema", "urn:tousei:schema:assessment.control-status-changed.v1",
                "content-type", "application/json"));
        // binary mode: the value is the event's JSON itself, not a CloudEvents envelope
        assertThat(mapper.readValue(message.getPayload(), ControlStatusChanged.class)).isEqualTo(event);
        assertThat(mapper.readTree(message.getPayload()).has("specversion")).isFalse();
    }

    @Test
    void aConsumerWithTheCloudEventsSdkReadsTheEventBack() {
        ControlStatusChanged event = StatusEvents.first();

        publisher.publish(event, null).await().atMost(Duration.ofSeconds(5));

        Message<byte[]> message = emitter.sent.get(0);
        Headers headers = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders();
        CloudEvent read = KafkaMessageFactory.createReader(headers, message.getPayload()).toEvent();
        assertThat(read.getSpecVersion()).isEqualTo(SpecVersion.V1);
        assertThat(read.getId()).isEqualTo(event.eventId().toString());
        assertThat(read.getSource()).isEqualTo(URI.create("urn:tousei:assessment-service"));
        assertThat(read.getType()).isEqualTo(ControlStatusChanged.TYPE);
        assertThat(read.getSubject()).isEqualTo("123456789012/fisc-t2");
        assertThat(read.getTime().toInstant()).isEqualTo(Instant.parse("2026-11-22T06:41:07.312Z"));
        assertThat(read.getDataContentType()).isEqualTo("application/json");
        assertThat(read.getDataSchema()).isEqualTo(StatusEventKafkaPublisher.DATA_SCHEMA);
        ControlStatusChanged data = CloudEventUtils
                .mapData(read, PojoCloudEventDataMapper.from(mapper, ControlStatusChanged.class)).getValue();
        assertThat(data).isEqualTo(event);
        assertThat(data.previousStatus()).isNull();
    }

    @Test
    void continuesTheTraceTheStatusChangedIn() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        publisher.publish(StatusEvents.failed(1), traceparent).await().atMost(Duration.ofSeconds(5));

        Message<byte[]> message = emitter.sent.get(0);
        assertThat(headers(message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders()))
                .containsEntry("ce_traceparent", traceparent);
        // the parent of the connector's producer span, which writes the record's traceparent header
        SpanContext parent = Span.fromContext(message.getMetadata(TracingMetadata.class).orElseThrow()
                .getCurrentContext()).getSpanContext();
        assertThat(parent.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(parent.getSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(parent.isSampled()).isTrue();
    }

    @Test
    void withoutATraceItLeavesTheTraceToTheConnector() {
        publisher.publish(StatusEvents.failed(1), null).await().atMost(Duration.ofSeconds(5));

        Message<byte[]> message = emitter.sent.get(0);
        assertThat(message.getMetadata(TracingMetadata.class)).isEmpty();
        assertThat(headers(message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders()))
                .doesNotContainKey("ce_traceparent");
    }

    @Test
    void failsWhenTheConnectorNacks() {
        emitter.failWith = new IllegalStateException("broker unreachable");

        assertThatThrownBy(() -> publisher.publish(StatusEvents.failed(1), null).await()
                .atMost(Duration.ofSeconds(5)))
                .hasMessageContaining("broker unreachable");
    }

    @Test
    void sendsNothingUntilSubscribed() {
        Uni<Void> publishing = publisher.publish(StatusEvents.failed(1), null);

        assertThat(emitter.sent).isEmpty();
        publishing.await().atMost(Duration.ofSeconds(5));
        assertThat(emitter.sent).hasSize(1);
    }

    private static Map<String, String> headers(Headers headers) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Header header : headers) {
            assertThat(values).as("header %s once", header.key()).doesNotContainKey(header.key());
            values.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** Stands in for the SmallRye Kafka connector: keeps the messages, acks (or nacks) them at once. */
    private static final class CapturingEmitter implements MutinyEmitter<byte[]> {

        final List<Message<byte[]>> sent = new ArrayList<>();
        RuntimeException failWith;

        @Override
        @SuppressWarnings("unchecked")
        public <M extends Message<? extends byte[]>> Uni<Void> sendMessage(M message) {
            sent.add((Message<byte[]>) message);
            return failWith == null ? Uni.createFrom().voidItem() : Uni.createFrom().failure(failWith);
        }

        @Override
        public Uni<Void> send(byte[] payload) {
            return sendMessage(Message.of(payload));
        }

        @Override
        public void sendAndAwait(byte[] payload) {
            send(payload).await().indefinitely();
        }

        @Override
        public Cancellable sendAndForget(byte[] payload) {
            return send(payload).subscribe().with(ignored -> { });
        }

        @Override
        public <M extends Message<? extends byte[]>> void send(M message) {
            sendMessage(message).await().indefinitely();
        }

        @Override
        public <M extends Message<? extends byte[]>> void sendMessageAndAwait(M message) {
            sendMessage(message).await().indefinitely();
        }

        @Override
        public <M extends Message<? extends byte[]>> Cancellable sendMessageAndForget(M message) {
            return sendMessage(message).subscribe().with(ignored -> { });
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
