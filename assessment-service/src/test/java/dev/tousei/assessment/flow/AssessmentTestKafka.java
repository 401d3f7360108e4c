package dev.tousei.assessment.flow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tousei.events.catalog.ControlChanged;
import dev.tousei.events.catalog.ControlSnapshot;
import dev.tousei.events.catalog.ControlSnapshot.AssessmentMode;
import dev.tousei.events.catalog.ControlSnapshot.ControlKind;
import dev.tousei.events.catalog.ControlSnapshot.Responsibility;
import dev.tousei.events.catalog.ControlSnapshot.ResponsibilityMark;
import dev.tousei.events.catalog.ControlSnapshot.Severity;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Own topics per test run on the local Kafka, and a small catalog published before the service starts: one control
 * per assessment mode, and one whose evidence goes stale after three seconds.
 */
public class AssessmentTestKafka implements QuarkusTestResourceLifecycleManager {

    static final String BOOTSTRAP = "127.0.0.1:9092";
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String EVIDENCE = "test.evidence.evidence-recorded." + RUN;
    static final String CATALOG = "test.catalog.control-changed." + RUN;
    static final String STATUS = "test.assessment.control-status-changed." + RUN;
    static final String DEAD_LETTERS = "dlq.assessment-service." + EVIDENCE;

    static final String AUTOMATED = "sec04-bp01";
    static final String ATTESTED = "fisc-t1";
    static final String BOTH = "sec04-bp02";
    static final String FAST_STALE = "test-stale-3s";

    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Override
    public Map<String, String> start() {
        publishCatalog();
        return Map.of(
                "assessment.evidence-topic", EVIDENCE,
                "assessment.evidence-dead-letter-topic", DEAD_LETTERS,
                "assessment.catalog-topic", CATALOG,
                "assessment.status-topic", STATUS,
                "assessment.staleness-check-interval", "1s",
                "mp.messaging.incoming.evidence-recorded.group.id", "assessment-test-" + RUN);
    }

    @Override
    public void stop() {
    }

    static ControlSnapshot control(String id, String framework, AssessmentMode mode, String freshness) {
        return new ControlSnapshot(id, id.toUpperCase(), List.of(), framework, null, ControlKind.REQUIREMENT,
                "テスト " + id, "Test " + id, new Responsibility(ResponsibilityMark.INFORMATION, ResponsibilityMark.PRIMARY),
                mode, freshness, Severity.HIGH, List.of(), List.of(), 0);
    }

    private static void publishCatalog() {
        List<ControlSnapshot> controls = List.of(
                control(AUTOMATED, "aws-wa-security", AssessmentMode.AUTOMATED, "PT24H"),
                control(ATTESTED, "fisc-control-standards", AssessmentMode.ATTESTATION, "P365D"),
                control(BOTH, "aws-wa-security", AssessmentMode.BOTH, "P30D"),
                control(FAST_STALE, "aws-wa-security", AssessmentMode.AUTOMATED, "PT3S"));
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            for (ControlSnapshot control : controls) {
                ControlChanged change = new ControlChanged(UUID.randomUUID(), control.id(),
                        ControlChanged.ChangeKind.CREATED, 1, Instant.now(), "test", control);
                producer.send(new ProducerRecord<>(CATALOG, control.id(), JSON.writeValueAsString(change))).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish the test catalog", e);
        }
    }
}
