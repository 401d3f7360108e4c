package dev.tousei.assessment.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tousei.events.assessment.ControlStatusChanged;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.data.PojoCloudEventData;
import io.cloudevents.core.extensions.DistributedTracingExtension;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.ZoneOffset;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Publishes {@link ControlStatusChanged} on Kafka topic {@value #TOPIC} as a CloudEvent in binary content mode:
 * the record value is the event's JSON, the attributes travel as {@code ce_*} headers and the data content type as
 * {@code content-type}, all written by the CloudEvents SDK's Kafka binding ({@link KafkaMessageFactory}); the key is
 * {@code <accountId>/<controlId>}, so one control of one account stays in order.
 *
 * <p>The record goes out through the SmallRye Kafka connector (channel {@value #CHANNEL}, a {@link MutinyEmitter}),
 * which sends from its own thread and completes the returned {@code Uni} on the caller's Vert.x context once Kafka
 * acknowledged the record. The connector's own CloudEvents support stays unused (and should be switched off on the
 * channel with {@code cloud-events=false}): the SDK is the reference implementation of the Kafka protocol binding,
 * validates the attributes when the event is built, and is what consumers use to read the events back.
 */
@ApplicationScoped
public class StatusEventKafkaPublisher {

    public static final String CHANNEL = "status-changed";
    /** The topic in production (= the CloudEvents type); the channel's {@code topic} setting decides. */
    public static final String TOPIC = ControlStatusChanged.TYPE;
    public static final URI SOURCE = URI.create("urn:tousei:assessment-service");
    /** The {@code $id} of {@code assessment-service/docs/control-status-changed.v1.schema.json}. */
    public static final URI DATA_SCHEMA = URI.create("urn:tousei:schema:assessment.control-status-changed.v1");
    public static final String DATA_CONTENT_TYPE = "application/json";

    private final MutinyEmitter<byte[]> emitter;
    private final ObjectWriter writer;

    public StatusEventKafkaPublisher(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter, ObjectMapper objectMapper) {
        this.emitter = emitter;
        // ISO-8601 instants whatever the global Jackson settings: the JSON schema of the contract says so
        this.writer = objectMapper.writerFor(ControlStatusChanged.class)
                .without(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /**
     * Completes when Kafka acknowledged the record (with the channel's {@code acks}), fails when it was nacked.
     *
     * @param traceparent the W3C trace context the status changed in (null if untraced): the CloudEvent's
     *                    distributed-tracing extension ({@code ce_traceparent}) and the parent of the producer span
     *                    (whose context goes out as the {@code traceparent} header)
     */
    public Uni<Void> publish(ControlStatusChanged event, String traceparent) {
        return Uni.createFrom().deferred(() -> emitter.sendMessage(toMessage(event, traceparent)));
    }

    Message<byte[]> toMessage(ControlStatusChanged event, String traceparent) {
        String key = key(event);
        ProducerRecord<String, byte[]> record = KafkaMessageFactory.createWriter(TOPIC, key)
                .writeBinary(toCloudEvent(event, traceparent));
        // the topic is left to the channel configuration; key and the SDK's headers travel as record metadata
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(record.headers())
                .build();
        return TraceParent.continuing(Message.of(record.value(), Metadata.of(metadata)), traceparent);
    }

    CloudEvent toCloudEvent(ControlStatusChanged event, String traceparent) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(event.eventId().toString())
                .withSource(SOURCE)
                .withType(ControlStatusChanged.TYPE)
                .withSubject(key(event))
                .withDataSchema(DATA_SCHEMA)
                .withData(DATA_CONTENT_TYPE, PojoCloudEventData.wrap(event, writer::writeValueAsBytes));
        if (event.changedAt() != null) {
            builder.withTime(event.changedAt().atOffset(ZoneOffset.UTC));
        }
        if (traceparent != null) {
            DistributedTracingExtension tracing = new DistributedTracingExtension();
            tracing.setTraceparent(traceparent);
            builder.withExtension(tracing);
        }
        return builder.build();
    }

    static String key(ControlStatusChanged event) {
        return event.accountId() + "/" + event.controlId();
    }
}
