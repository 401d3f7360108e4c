package dev.tousei.evidence.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tousei.events.evidence.EvidenceRecorded;
import dev.tousei.events.evidence.EvidenceSummary;
import dev.tousei.evidence.chain.ChainLink;
import dev.tousei.evidence.repository.EvidencePublication;
import dev.tousei.evidence.service.StoredEvidence;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes {@value EvidenceRecorded#TYPE} for stored evidence, keyed by account so each account's evidence stays in
 * order, and moves the accounts' publication watermarks once Kafka has acknowledged. Evidence whose publication was
 * cut short (a crash between commit and send) is picked up by {@link UnpublishedEvidenceRelay}; consumers are
 * idempotent on the evidence id.
 */
@ApplicationScoped
public class EvidenceRecordedPublisher {

    private final MutinyEmitter<String> emitter;
    private final EvidencePublication publication;
    private final ObjectMapper objectMapper;

    EvidenceRecordedPublisher(@Channel("evidence-recorded") MutinyEmitter<String> emitter,
                              EvidencePublication publication, ObjectMapper objectMapper) {
        this.emitter = emitter;
        this.publication = publication;
        this.objectMapper = objectMapper;
    }

    public Uni<Void> publish(List<StoredEvidence> stored) {
        if (stored.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = stored.stream().map(this::send).toList();
        return Uni.join().all(sends).andFailFast()
                .chain(() -> publication.markPublished(stored));
    }

    private Uni<Void> send(StoredEvidence stored) {
        EvidenceRecorded event = toEvent(stored);
        RecordHeaders headers = new RecordHeaders();
        headers.add("event-type", EvidenceRecorded.TYPE.getBytes(StandardCharsets.UTF_8));
        headers.add("event-id", event.evidenceId().toString().getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.accountId())
                .withHeaders(headers)
                .build();
        // the record continues the trace of the AWS event it announces, also when the relay sends it later
        return emitter.sendMessage(TraceParent.continuing(Message.of(toJson(event)).addMetadata(metadata),
                stored.traceparent()));
    }

    static EvidenceRecorded toEvent(StoredEvidence stored) {
        ChainLink link = stored.link();
        EvidenceSummary summary = link.summary();
        return new EvidenceRecorded(link.evidenceId(), link.accountId(), link.sequence(), stored.hash(),
                link.sourceEventId(), link.detailType(), link.source(), link.region(), link.eventTime(),
                link.recordedAt(), summary, link.effects());
    }

    private String toJson(EvidenceRecorded event) {
        try {
            return objectMapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + EvidenceRecorded.TYPE, e);
        }
    }
}
