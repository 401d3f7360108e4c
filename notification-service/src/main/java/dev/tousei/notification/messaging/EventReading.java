package dev.tousei.notification.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Reading records and the retry rule shared by the consumers. */
final class EventReading {

    private EventReading() {
    }

    static <T> T read(ObjectMapper objectMapper, ConsumerRecord<String, String> record, Class<T> type) {
        if (record.value() == null || record.value().isBlank()) {
            throw new PoisonEventException("empty record");
        }
        try {
            return objectMapper.readValue(record.value(), type);
        } catch (Exception e) {
            throw new PoisonEventException("not a " + type.getSimpleName() + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** Time from the record's timestamp (when it was produced) to its consumption, per topic. */
    static void recordLag(MeterRegistry metrics, ConsumerRecord<?, ?> record) {
        long lag = System.currentTimeMillis() - record.timestamp();
        if (record.timestamp() > 0 && lag >= 0) {
            metrics.timer("tousei_consumer_lag_seconds", "topic", record.topic())
                    .record(lag, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Transient failures (database unavailable, lock timeouts) are retried a few times before dead-lettering. */
    static <T> Uni<T> retryTransient(Uni<T> work) {
        return work.onFailure(failure -> !(failure instanceof PoisonEventException))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
