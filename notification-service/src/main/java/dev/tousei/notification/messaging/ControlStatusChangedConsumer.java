package dev.tousei.notification.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tousei.events.assessment.ControlStatusChanged;
import dev.tousei.notification.alert.Severity;
import dev.tousei.notification.alert.Signals;
import dev.tousei.notification.config.NotificationConfig;
import dev.tousei.notification.service.AlertIntake;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@value ControlStatusChanged#TYPE} (CloudEvents in binary mode: the value is the event's JSON, {@code
 * ce_type} names it). A record that is not such an event goes to
 * {@code dlq.notification-service.assessment.control-status-changed.v1} with the reason in its headers; consumption
 * continues. Idempotent on the event id.
 */
@ApplicationScoped
class ControlStatusChangedConsumer {

    private final AlertIntake intake;
    private final MeterRegistry metrics;
    private final ObjectMapper objectMapper;
    private final Set<Severity> staleSeverities;

    ControlStatusChangedConsumer(AlertIntake intake, ObjectMapper objectMapper, NotificationConfig config,
                                 MeterRegistry metrics) {
        this.intake = intake;
        this.metrics = metrics;
        this.objectMapper = objectMapper;
        this.staleSeverities = config.staleAlertSeverities().stream().map(Severity::of).collect(Collectors.toSet());
    }

    @Incoming("status-changed")
    Uni<Void> onControlStatusChanged(ConsumerRecord<String, String> record) {
        EventReading.recordLag(metrics, record);
        return Uni.createFrom().item(() -> read(record)).chain(event -> EventReading.retryTransient(
                        Uni.createFrom().deferred(() -> intake.apply("status:" + event.eventId(),
                                Signals.of(event, staleSeverities))))
                .onFailure().invoke(failure -> Log.warnf("status event %s could not be applied; dead-lettering it: %s",
                        event.eventId(), failure.getMessage())))
                .replaceWithVoid();
    }

    private ControlStatusChanged read(ConsumerRecord<String, String> record) {
        String type = EventReading.header(record, "ce_type");
        if (type != null && !ControlStatusChanged.TYPE.equals(type)) {
            throw new PoisonEventException("ce_type " + type + " is not " + ControlStatusChanged.TYPE);
        }
        ControlStatusChanged event = EventReading.read(objectMapper, record, ControlStatusChanged.class);
        if (event.eventId() == null || event.accountId() == null || event.controlId() == null
                || event.status() == null) {
            throw new PoisonEventException("a control-status-changed event needs eventId, accountId, controlId and "
                    + "status");
        }
        return event;
    }
}
