package dev.tousei.assessment.publish;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.reactive.messaging.TracingMetadata;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The W3C {@code traceparent} current when an outbox row is written, as text stored with the row, and back as the
 * parent of the message the relay publishes later. While a Kafka record is processed its consumer span is current
 * (Quarkus keeps it on the record's Vert.x context, which the reactive database calls stay on), while an HTTP request
 * is served its server span. An outgoing message carrying {@link TracingMetadata#withCurrent} gets its producer span,
 * and so its {@code traceparent} header, under that parent. With sampling off (ratio 0) the spans are not recorded
 * but their ids still propagate, so one id follows one event.
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

    /** @return the traceparent of the message's consumer span (SmallRye opens one per record, also in a batch) */
    public static String of(Message<?> message) {
        return message.getMetadata(TracingMetadata.class)
                .map(TracingMetadata::getCurrentContext)
                .map(TraceParent::of)
                .orElse(null);
    }

    /** @return the traceparent of the current span, or null when there is none */
    public static String current() {
        return of(Context.current());
    }

    /** @return {@code 00-<trace id>-<span id>-<flags>} of the context's span, or null when it has none */
    public static String of(Context context) {
        SpanContext span = Span.fromContext(context).getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /** The message, continuing the stored trace (unchanged when nothing was stored or the text is not W3C). */
    public static <T> Message<T> continuing(Message<T> message, String traceparent) {
        if (traceparent == null) {
            return message;
        }
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, STORED);
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return message;
        }
        return message.addMetadata(TracingMetadata.withCurrent(parent));
    }
}
