package dev.tousei.assessment.flow;

import dev.tousei.events.catalog.EvidenceRule.Effect;
import dev.tousei.events.catalog.EvidenceRule.Escalation;
import dev.tousei.events.catalog.EvidenceRule.Scope;
import dev.tousei.events.evidence.ControlEffect;
import dev.tousei.events.evidence.EvidenceRecorded;
import dev.tousei.events.evidence.EvidenceSummary;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** evidence-recorded events as the evidence collector publishes them. */
final class TestEvidence {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private TestEvidence() {
    }

    static String newAccount() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
    }

    static EvidenceRecorded effect(String account, String controlId, Effect effect, String resource, Instant eventTime,
                                   String operation) {
        EvidenceSummary summary = new EvidenceSummary(6003, "API Activity", operation, "SUCCESS", null, false,
                new EvidenceSummary.Actor("IAMUser", "arn:aws:iam::" + account + ":user/ops", "ops", false, true),
                resource == null ? List.of() : List.of(resource), null, null, null, false);
        ControlEffect controlEffect = new ControlEffect(controlId, "test-rule", effect,
                resource == null ? Scope.ACCOUNT : Scope.RESOURCE, resource,
                effect == Effect.FAIL ? Escalation.ALERT : Escalation.NONE, operation + " on " + resource);
        return new EvidenceRecorded(UUID.randomUUID(), account, SEQUENCE.incrementAndGet(), "h", UUID.randomUUID().toString(),
                "AWS API Call via CloudTrail", "aws.cloudtrail", "ap-northeast-1", eventTime, Instant.now(), summary,
                List.of(controlEffect));
    }

    static void send(EvidenceRecorded evidence) {
        try {
            sendRaw(evidence.accountId(), AssessmentTestKafka.JSON.writeValueAsString(evidence));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** As collector-service sends it: with the W3C trace context of the AWS event it announces. */
    static void sendTraced(EvidenceRecorded evidence, String traceparent) {
        try {
            ProducerRecord<String, String> record = new ProducerRecord<>(AssessmentTestKafka.EVIDENCE,
                    evidence.accountId(), AssessmentTestKafka.JSON.writeValueAsString(evidence));
            record.headers().add("traceparent", traceparent.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            send(record);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void sendRaw(String key, String value) {
        sendRaw(AssessmentTestKafka.EVIDENCE, key, value);
    }

    static void sendRaw(String topic, String key, String value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    private static void send(ProducerRecord<String, String> record) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, AssessmentTestKafka.BOOTSTRAP);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sent together and flushed once, keyed alike, so the service most likely consumes them in one batch. */
    static void sendTogether(String key, List<String> values) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, AssessmentTestKafka.BOOTSTRAP);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            values.forEach(value -> producer.send(new ProducerRecord<>(AssessmentTestKafka.EVIDENCE, key, value)));
            producer.flush();
        }
    }

    static String json(EvidenceRecorded evidence) {
        try {
            return AssessmentTestKafka.JSON.writeValueAsString(evidence);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
