package dev.tousei.evidence.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tousei.events.catalog.ControlChanged;
import dev.tousei.events.catalog.ControlSnapshot;
import dev.tousei.evidence.config.EvidenceConfig;
import dev.tousei.evidence.normalize.EvidenceNormalizer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This service's copy of the catalog, read from the compacted {@code catalog.control-changed.v1} topic from its
 * start, then followed. AWS events are consumed only once the copy has caught up with the topic's end as it was at
 * start-up, so no event is linked with an incomplete rule set; the catalog is never called on the hot path.
 */
@ApplicationScoped
public class CatalogReplica {

    static final String AWS_EVENTS_CHANNEL = "aws-events";

    private final EvidenceConfig config;
    private final ObjectMapper objectMapper;
    private final EvidenceNormalizer normalizer;
    private final ChannelRegistry channels;
    private final String bootstrapServers;
    private final Map<String, ControlSnapshot> controls = new ConcurrentHashMap<>();
    private final AtomicReference<ControlRuleEngine> engine;
    private volatile boolean caughtUp;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, String> consumer;
    private final Counter skipped;
    private Thread follower;

    CatalogReplica(EvidenceConfig config, ObjectMapper objectMapper, EvidenceNormalizer normalizer,
                   ChannelRegistry channels, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                   MeterRegistry metrics) {
        this.config = config;
        this.objectMapper = objectMapper;
        this.normalizer = normalizer;
        this.channels = channels;
        this.bootstrapServers = bootstrapServers;
        this.engine = new AtomicReference<>(ControlRuleEngine.empty(normalizer));
        this.skipped = metrics.counter("evidence.catalog.records.skipped");
    }

    void onStart(@Observes StartupEvent start) {
        follower = new Thread(this::follow, "catalog-replica");
        follower.setDaemon(true);
        follower.start();
    }

    void onStop(@Observes ShutdownEvent stop) {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    public ControlRuleEngine engine() {
        return engine.get();
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    public int controlCount() {
        return controls.size();
    }

    private void follow() {
        while (running) {
            try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(consumerProperties())) {
                consumer = kafka;
                List<TopicPartition> partitions = awaitPartitions(kafka);
                kafka.assign(partitions);
                kafka.seekToBeginning(partitions);
                Map<TopicPartition, Long> startEnd = kafka.endOffsets(partitions);
                while (running) {
                    boolean changed = false;
                    for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(500))) {
                        changed |= apply(record);
                    }
                    if (changed || !caughtUp) {
                        if (changed) {
                            rebuild();
                        }
                        if (!caughtUp && reached(kafka, startEnd)) {
                            rebuild();
                            markCaughtUp();
                        }
                    }
                }
            } catch (WakeupException stopping) {
                return;
            } catch (RuntimeException e) {
                Log.warnf("catalog replica lost Kafka (%s); reconnecting", e.getMessage());
                sleep(Duration.ofSeconds(2));
            }
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, String> kafka) {
        while (running) {
            var infos = kafka.partitionsFor(config.catalogTopic(), Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            }
            Log.infof("waiting for topic %s (catalog-service publishes it)", config.catalogTopic());
            sleep(Duration.ofSeconds(2));
        }
        throw new WakeupException();
    }

    private static boolean reached(KafkaConsumer<String, String> kafka, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(entry -> kafka.position(entry.getKey()) >= entry.getValue());
    }

    /**
     * Applies one catalog record. A record that is not a usable control change (not JSON, wrong shape, no control id,
     * a tombstone without key) is logged, counted in {@code evidence.catalog.records.skipped} and skipped: the topic is
     * compacted and re-read from its start on every reconnect, so throwing here would stop the copy for good.
     */
    private boolean apply(ConsumerRecord<String, String> record) {
        try {
            if (record.value() == null) {
                if (record.key() == null) {
                    throw new IllegalArgumentException("a tombstone without key");
                }
                return controls.remove(record.key()) != null;
            }
            ControlChanged change = objectMapper.readValue(record.value(), ControlChanged.class);
            if (change == null || change.controlId() == null || change.controlId().isBlank()) {
                throw new IllegalArgumentException("no controlId");
            }
            if (change.control() == null) {
                controls.remove(change.controlId());
            } else {
                controls.put(change.controlId(), change.control());
            }
            return true;
        } catch (Exception e) {
            skipped.increment();
            Log.warnf("skipping unusable catalog record at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return false;
        }
    }

    private void rebuild() {
        List<String> skipped = new ArrayList<>();
        ControlRuleEngine rebuilt = ControlRuleEngine.of(controls.values(), normalizer, skipped);
        skipped.forEach(rule -> Log.warnf("evidence rule skipped: %s", rule));
        engine.set(rebuilt);
    }

    private void markCaughtUp() {
        caughtUp = true;
        Log.infof("catalog copy ready: %d controls, %d evidence rules; consuming AWS events",
                controls.size(), engine.get().ruleCount());
        resumeAwsEvents();
    }

    /**
     * Resumes the AWS events channel: with {@code concurrency} n, SmallRye runs n consumers registered as
     * {@code aws-events$1} … {@code aws-events$n}, each paused on its own.
     */
    private void resumeAwsEvents() {
        PausableChannel single = channels.getPausable(AWS_EVENTS_CHANNEL);
        if (single != null) {
            single.resume();
        }
        for (int i = 1; channels.getPausable(AWS_EVENTS_CHANNEL + "$" + i) != null; i++) {
            channels.getPausable(AWS_EVENTS_CHANNEL + "$" + i).resume();
        }
    }

    private Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "evidence-collector-catalog-" + UUID.randomUUID());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return properties;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
