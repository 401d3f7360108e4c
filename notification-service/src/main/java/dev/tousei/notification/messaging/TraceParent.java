package dev.tousei.notification.messaging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.reactive.messaging.TracingMetadata;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The W3C {@code traceparent} current when an alert change is written, as text stored with the outbox row and the
 * deliveries it queues, and back as the parent of what is sent later: the Kafka record (an outgoing message carrying
 * {@link TracingMetadata#withCurrent} gets its producer span, and so its {@code traceparent} header, under it) and
 * the webhook request (the HTTP client span). While a Kafka record is processed its consumer span is current (Quarkus
 * keeps it on the record's Vert.x context). With sampling off (ratio 0) spans are not recorded but their ids still
 * propagate, so one id follows one event.
 */
public final class TraceParent {

    public static final String HEADER = "traceparent";

    private static final TextMapGetter<String> STORED = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(HEADER);
        }

        @Override
        public String get(String carrier, String key) {
            return HEADER.equals(key) ? carrier : null;
        }
    };

    private TraceParent() {
    }

    /** @return {@code 00-<trace id>-<span id>-<flags>} of the current span, or null when there is none */
    public static String current() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /** @return the stored trace context as a parent, empty when nothing was stored or the text is not W3C */
    public static Optional<Context> restore(String traceparent) {
        if (traceparent == null) {
            return Optional.empty();
        }
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, STORED);
        return Span.fromContext(parent).getSpanContext().isValid() ? Optional.of(parent) : Optional.empty();
    }

    /** The message, continuing the stored trace (unchanged when there is none). */
    public static <T> Message<T> continuing(Message<T> message, String traceparent) {
        return restore(traceparent).map(parent -> message.addMetadata(TracingMetadata.withCurrent(parent)))
                .orElse(message);
    }
}
