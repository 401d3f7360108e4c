package dev.tousei.evidence.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Puts envelopes received over HTTP on the inbound topic, keyed by account, the same path as EventBridge's. */
@ApplicationScoped
public class AwsEventsProducer {

    private final MutinyEmitter<byte[]> emitter;

    AwsEventsProducer(@Channel("aws-events-out") MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public record Outgoing(String accountKey, byte[] envelope) {
    }

    /** Completes once Kafka has acknowledged every envelope. */
    public Uni<Void> send(List<Outgoing> envelopes) {
        if (envelopes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(envelopes.stream().map(this::send).toList()).andFailFast().replaceWithVoid();
    }

    private Uni<Void> send(Outgoing outgoing) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(outgoing.accountKey())
                .build();
        return emitter.sendMessage(Message.of(outgoing.envelope()).addMetadata(metadata));
    }
}
