package dev.tousei.notification.flow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tousei.events.assessment.ControlStatus;
import dev.tousei.events.assessment.ControlStatusChanged;
import dev.tousei.events.catalog.ControlSnapshot;
import dev.tousei.events.catalog.EvidenceRule.Effect;
import dev.tousei.events.catalog.EvidenceRule.Escalation;
import dev.tousei.events.catalog.EvidenceRule.Scope;
import dev.tousei.events.evidence.ControlEffect;
import dev.tousei.events.evidence.EvidenceRecorded;
import dev.tousei.events.evidence.EvidenceSummary;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Input events as assessment-service and evidence-collector publish them, and reading the output topics. */
final class TestEvents {

    static final String BOOTSTRAP = "127.0.0.1:9092";
    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static KafkaProducer<String, String> producer;

    private TestEvents() {
    }

    static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties properties = new Properties();
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
            properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(properties);
        }
        return producer;
    }

    static String newAccount() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
    }

    static void publishCatalog(List<ControlSnapshot> controls) {
        for (ControlSnapshot control : controls) {
            send(NotificationTestResources.CATALOG, control.id(), json(NotificationTestResources.created(control)));
        }
    }

    static ControlStatusChanged status(String account, String control, ControlStatus previous, ControlStatus status,
                                       String severity, List<String> failedResources) {
        String framework = control.equals(NotificationTestResources.GOVERN) ? "fisc-control-standards"
                : "aws-wa-security";
        return new ControlStatusChanged(UUID.randomUUID(), account, control, control.toUpperCase(), framework,
                previous, status, severity, status + " because of test evidence", List.of(UUID.randomUUID()),
                List.of(), failedResources, Instant.now(), Instant.now());
    }

    /** As assessment-service sends it: CloudEvents binary mode, key {@code <account>/<control>}. */
    static void send(ControlStatusChanged event) {
        get(record(event));
    }

    /** As assessment-service sends it from within a trace: with the record's W3C traceparent header. */
    static void sendTraced(ControlStatusChanged event, String traceparent) {
        ProducerRecord<String, String> record = record(event);
        record.headers().add("traceparent", bytes(traceparent));
        get(record);
    }

    /** Without waiting for the broker's acknowledgement (for the latency measurement's steady rate). */
    static void sendAsync(ControlStatusChanged event) {
        producer().send(record(event));
    }

    private static ProducerRecord<String, String> record(ControlStatusChanged event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(NotificationTestResources.STATUS,
                event.accountId() + "/" + event.controlId(), json(event));
        record.headers().add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes(event.eventId().toString()))
                .add("ce_source", bytes("urn:tousei:assessment-service"))
                .add("ce_type", bytes(ControlStatusChanged.TYPE))
                .add("content-type", bytes("application/json"));
        return record;
    }

    /** A detection finding (GuardDuty) flagged by the collector's rule. */
    static EvidenceRecorded finding(String account, String findingType, double severity, String resource,
                                    Escalation escalation, boolean sample) {
        EvidenceSummary summary = new EvidenceSummary(2004, "Detection Finding", findingType, "UNKNOWN", null, false,
                null, List.of(resource), severity, findingType, null, sample);
        ControlEffect effect = new ControlEffect(NotificationTestResources.DETECT, "guardduty-high", Effect.FAIL,
                Scope.RESOURCE, resource, escalation, "GuardDuty finding " + findingType);
        return new EvidenceRecorded(UUID.randomUUID(), account, SEQUENCE.incrementAndGet(), "h",
                UUID.randomUUID().toString(), "GuardDuty Finding", "aws.guardduty", "ap-northeast-1", Instant.now(),
                Instant.now(), summary, List.of(effect));
    }

    /** A CloudTrail StopLogging of {@code trail} at {@code eventTime}, flagged by the collector's trail rule. */
    static EvidenceRecorded trailStopped(String account, String trail, Instant eventTime) {
        EvidenceSummary summary = new EvidenceSummary(6003, "API Activity", "StopLogging", "SUCCESS", null, false,
                null, List.of(trail), null, null, null, false);
        ControlEffect effect = new ControlEffect(NotificationTestResources.DETECT, "cloudtrail-stopped", Effect.FAIL,
                Scope.RESOURCE, trail, Escalation.ALERT, "CloudTrail trail stopped logging");
        return new EvidenceRecorded(UUID.randomUUID(), account, SEQUENCE.incrementAndGet(), "h",
                UUID.randomUUID().toString(), "AWS API Call via CloudTrail", "aws.cloudtrail", "ap-northeast-1",
                eventTime, Instant.now(), summary, List.of(effect));
    }

    /** A status change of the control caused by something observed at {@code observedAt}. */
    static ControlStatusChanged status(String account, String control, ControlStatus previous, ControlStatus status,
                                       List<String> failedResources, Instant observedAt) {
        ControlStatusChanged now = status(account, control, previous, status, "HIGH", failedResources);
        return new ControlStatusChanged(now.eventId(), account, control, now.displayId(), now.frameworkId(), previous,
                status, now.severity(), now.reason(), now.evidenceIds(), List.of(), failedResources, now.changedAt(),
                observedAt);
    }

    static void send(EvidenceRecorded evidence) {
        get(new ProducerRecord<>(NotificationTestResources.EVIDENCE, evidence.accountId(), json(evidence)));
    }

    static void send(String topic, String key, String value) {
        get(new ProducerRecord<>(topic, key, value));
    }

    /** Every record of the topic so far that matches, waiting up to {@code timeout} for {@code expected} of them. */
    static List<ConsumerRecord<String, String>> read(String topic, Predicate<ConsumerRecord<String, String>> filter,
                                                     int expected, Duration timeout) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "notification-test-reader-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (found.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                    if (filter.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static void get(ProducerRecord<String, String> record) {
        try {
            producer().send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + record.topic(), e);
        }
    }
}
