package dev.tousei.notification.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tousei.events.evidence.EvidenceRecorded;
import dev.tousei.notification.alert.Signals;
import dev.tousei.notification.service.AlertIntake;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@value EvidenceRecorded#TYPE}: effects flagged ALERT or INCIDENT raise alerts. Unreadable records go to
 * {@code dlq.notification-service.evidence.evidence-recorded.v1} with the reason; idempotent on the evidence id.
 */
@ApplicationScoped
class EvidenceRecordedConsumer {

    private final AlertIntake intake;
    private final MeterRegistry metrics;
    private final CatalogCopy catalog;
    private final ObjectMapper objectMapper;

    EvidenceRecordedConsumer(AlertIntake intake, CatalogCopy catalog, ObjectMapper objectMapper,
                             MeterRegistry metrics) {
        this.intake = intake;
        this.metrics = metrics;
        this.catalog = catalog;
        this.objectMapper = objectMapper;
    }

    @Incoming("evidence-recorded")
    Uni<Void> onEvidenceRecorded(ConsumerRecord<String, String> record) {
        EventReading.recordLag(metrics, record);
        return Uni.createFrom().item(() -> read(record)).chain(evidence -> {
            var outcome = Signals.of(evidence, catalog::control);
            return EventReading.retryTransient(Uni.createFrom().deferred(() ->
                            intake.apply("evidence:" + evidence.evidenceId(), outcome)))
                    .onFailure().invoke(failure -> Log.warnf("evidence %s could not be applied; dead-lettering it: %s",
                            evidence.evidenceId(), failure.getMessage()));
        }).replaceWithVoid();
    }

    private EvidenceRecorded read(ConsumerRecord<String, String> record) {
        EvidenceRecorded evidence = EventReading.read(objectMapper, record, EvidenceRecorded.class);
        if (evidence.evidenceId() == null || evidence.accountId() == null) {
            throw new PoisonEventException("an evidence-recorded event needs evidenceId and accountId");
        }
        return evidence;
    }
}
