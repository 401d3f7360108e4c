package dev.tousei.evidence.messaging;

import dev.tousei.evidence.service.EvidencePipeline;
import dev.tousei.evidence.service.InboundRecord;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes EventBridge envelopes from {@code aws.events.v1} in batches. A batch is acknowledged (its offsets become
 * committable) only after its evidence is stored and its dead letters are acknowledged by Kafka, so a crash at any
 * point redelivers the batch, and the dedup keys make the redelivery change nothing.
 */
@ApplicationScoped
class AwsEventsConsumer {

    private final EvidencePipeline pipeline;

    AwsEventsConsumer(EvidencePipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Incoming("aws-events")
    Uni<Void> onAwsEvents(KafkaRecordBatch<String, byte[]> batch) {
        List<InboundRecord> records = new ArrayList<>();
        batch.getRecords().forEach(record -> records.add(new InboundRecord(record.getKey(), record.getPayload(),
                record.getTopic(), record.getPartition(), offsetOf(record), TraceParent.of(record))));
        return pipeline.process(records).chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private static long offsetOf(KafkaRecord<String, byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(meta -> meta.getOffset()).orElse(-1L);
    }
}
