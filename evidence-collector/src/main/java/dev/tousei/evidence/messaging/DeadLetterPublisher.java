package dev.tousei.evidence.messaging;

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
 * Sends rejected records, unchanged, to {@code dlq.evidence-collector.<topic>} with the reason and the record's origin
 * in headers. The batch's offsets are committed only after Kafka has acknowledged these.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    public static final String REASON = "dead-letter-reason";
    public static final String DETAIL = "dead-letter-detail";
    static final int MAX_DETAIL = 1000;

    private final MutinyEmitter<byte[]> emitter;

    DeadLetterPublisher(@Channel("dead-letters") MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> send(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(letters.stream().map(this::send).toList()).andFailFast().replaceWithVoid();
    }

    private Uni<Void> send(DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, bytes(letter.reason()));
        headers.add(DETAIL, bytes(truncate(letter.detail())));
        headers.add("dead-letter-service", bytes("evidence-collector"));
        headers.add("dead-letter-topic", bytes(letter.topic()));
        headers.add("dead-letter-partition", bytes(Integer.toString(letter.partition())));
        headers.add("dead-letter-offset", bytes(Long.toString(letter.offset())));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(letter.key())
                .withHeaders(headers)
                .build();
        byte[] value = letter.value() == null ? new byte[0] : letter.value();
        return emitter.sendMessage(Message.of(value).addMetadata(metadata));
    }

    private static String truncate(String detail) {
        String text = detail == null ? "" : detail;
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
