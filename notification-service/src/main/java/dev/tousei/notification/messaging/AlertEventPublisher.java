package dev.tousei.notification.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tousei.events.notification.AlertRaised;
import dev.tousei.events.notification.AlertStateChanged;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.extensions.DistributedTracingExtension;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Publishes alert events as CloudEvents in binary content mode (the value is the event's JSON, the attributes are
 * {@code ce_*} headers written by the CloudEvents SDK's Kafka binding), keyed by the alert's fingerprint so one alert's
 * events stay in order. Completes when Kafka acknowledged the record.
 */
@ApplicationScoped
public class AlertEventPublisher {

    public static final String RAISED_CHANNEL = "alert-raised";
    public static final String STATE_CHANGED_CHANNEL = "alert-state-changed";
    public static final URI SOURCE = URI.create("urn:tousei:notification-service");
    public static final String DATA_CONTENT_TYPE = "application/json";

    private final MutinyEmitter<byte[]> raised;
    private final MutinyEmitter<byte[]> stateChanged;
    private final ObjectWriter raisedWriter;
    private final ObjectWriter stateChangedWriter;

    AlertEventPublisher(@Channel(RAISED_CHANNEL) MutinyEmitter<byte[]> raised,
                        @Channel(STATE_CHANGED_CHANNEL) MutinyEmitter<byte[]> stateChanged, ObjectMapper objectMapper) {
        this.raised = raised;
        this.stateChanged = stateChanged;
        this.raisedWriter = objectMapper.writerFor(AlertRaised.class)
                .without(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        this.stateChangedWriter = objectMapper.writerFor(AlertStateChanged.class)
                .without(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** @param traceparent the trace the alert changed in (null if none): continued by the record */
    public Uni<Void> publish(AlertRaised event, String traceparent) {
        return Uni.createFrom().deferred(() -> raised.sendMessage(message(AlertRaised.TYPE, event.eventId(),
                event.fingerprint(), event.raisedAt(), bytes(raisedWriter, event), traceparent)));
    }

    /** @param traceparent the trace the alert changed in (null if none): continued by the record */
    public Uni<Void> publish(AlertStateChanged event, String traceparent) {
        return Uni.createFrom().deferred(() -> stateChanged.sendMessage(message(AlertStateChanged.TYPE,
                event.eventId(), event.fingerprint(), event.changedAt(), bytes(stateChangedWriter, event),
                traceparent)));
    }

    /**
     * The CloudEvent as a record. A stored trace goes out twice: as the CloudEvents distributed-tracing extension
     * ({@code ce_traceparent}, where the alert changed) and as the parent of the producer span, whose context is the
     * record's {@code traceparent} header.
     */
    static Message<byte[]> message(String type, UUID id, String key, Instant time, byte[] data, String traceparent) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(id.toString())
                .withSource(SOURCE)
                .withType(type)
                .withSubject(key)
                .withDataSchema(URI.create("urn:tousei:schema:" + type))
                .withData(DATA_CONTENT_TYPE, data);
        if (time != null) {
            builder.withTime(time.atOffset(ZoneOffset.UTC));
        }
        if (traceparent != null) {
            DistributedTracingExtension tracing = new DistributedTracingExtension();
            tracing.setTraceparent(traceparent);
            builder.withExtension(tracing);
        }
        CloudEvent event = builder.build();
        ProducerRecord<String, byte[]> record = KafkaMessageFactory.createWriter(type, key).writeBinary(event);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key).withHeaders(record.headers()).build();
        return TraceParent.continuing(Message.of(record.value(), Metadata.of(metadata)), traceparent);
    }

    private static byte[] bytes(ObjectWriter writer, Object event) {
        try {
            return writer.writeValueAsBytes(event);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write " + event.getClass().getSimpleName(), e);
        }
    }
}
