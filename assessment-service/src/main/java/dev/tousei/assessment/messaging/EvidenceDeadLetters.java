package dev.tousei.assessment.messaging;

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
 * Sends evidence records that cannot be applied, unchanged, to {@code dlq.assessment-service.<topic>} with the reason
 * and the record's origin in the headers SmallRye's dead-letter queue uses. A batch's offsets are committed only
 * after Kafka has acknowledged its dead letters.
 */
@ApplicationScoped
class EvidenceDeadLetters {

    static final int MAX_REASON = 1000;

    private final MutinyEmitter<byte[]> emitter;

    EvidenceDeadLetters(@Channel("evidence-dead-letters") MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    Uni<Void> send(List<RejectedEvidence> rejected) {
        if (rejected.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(rejected.stream().map(this::send).toList()).andFailFast().replaceWithVoid();
    }

    private Uni<Void> send(RejectedEvidence rejected) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", bytes(truncate(rejected.reason())));
        headers.add("dead-letter-exception-class-name", bytes(rejected.failure().getClass().getName()));
        if (rejected.failure().getCause() != null) {
            headers.add("dead-letter-cause", bytes(truncate(String.valueOf(rejected.failure().getCause().getMessage()))));
        }
        headers.add("dead-letter-topic", bytes(rejected.record().topic()));
        headers.add("dead-letter-partition", bytes(Integer.toString(rejected.record().partition())));
        headers.add("dead-letter-offset", bytes(Long.toString(rejected.record().offset())));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(rejected.record().key())
                .withHeaders(headers)
                .build();
        byte[] value = rejected.record().value() == null ? new byte[0] : rejected.record().value();
        return emitter.sendMessage(Message.of(value).addMetadata(metadata));
    }

    private static String truncate(String text) {
        String value = text == null ? "" : text;
        return value.length() <= MAX_REASON ? value : value.substring(0, MAX_REASON);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A consumed record as it came, and why it is dead-lettered. */
    record RejectedEvidence(ConsumedEvidence record, String reason, Throwable failure) {
    }
}
