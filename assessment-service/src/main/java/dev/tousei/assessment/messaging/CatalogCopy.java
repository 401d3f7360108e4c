package dev.tousei.assessment.messaging;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tracks whether this service's copy of the catalog has caught up with the catalog topic as it was at start-up. Until
 * it has, evidence waits in Kafka (the evidence channel starts paused): evidence for a control not yet copied would
 * be marked processed without any effect, and its status change lost.
 */
@ApplicationScoped
public class CatalogCopy {

    static final String EVIDENCE_CHANNEL = "evidence-recorded";

    private final ChannelRegistry channels;
    private final String bootstrapServers;
    private final String catalogTopic;
    /** Per partition, the offset the copy must reach (the end at start-up); filled once the topic is found. */
    private volatile Map<Integer, Long> target;
    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;
    private volatile boolean running = true;

    CatalogCopy(ChannelRegistry channels, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                @ConfigProperty(name = "assessment.catalog-topic") String catalogTopic) {
        this.channels = channels;
        this.bootstrapServers = bootstrapServers;
        this.catalogTopic = catalogTopic;
    }

    void onStart(@Observes StartupEvent start) {
        Thread reader = new Thread(this::readTarget, "catalog-copy-target");
        reader.setDaemon(true);
        reader.start();
    }

    void onStop(@Observes ShutdownEvent stop) {
        running = false;
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    /** Called after a catalog record at this partition and offset has been applied (committed). */
    void applied(int partition, long offset) {
        applied.merge(partition, offset + 1, Math::max);
        checkCaughtUp();
    }

    private void readTarget() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "assessment-service-catalog-end-" + UUID.randomUUID());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(properties)) {
            while (running && target == null) {
                try {
                    var partitions = kafka.partitionsFor(catalogTopic, Duration.ofSeconds(5));
                    if (partitions == null || partitions.isEmpty()) {
                        Log.infof("waiting for topic %s (catalog-service publishes it); evidence waits", catalogTopic);
                        Thread.sleep(2_000);
                        continue;
                    }
                    target = kafka.endOffsets(partitions.stream()
                                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList())
                            .entrySet().stream()
                            .collect(Collectors.toMap(entry -> entry.getKey().partition(), Map.Entry::getValue));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    Log.warnf("cannot read the end of %s yet (%s); retrying", catalogTopic, e.getMessage());
                }
            }
        }
        checkCaughtUp();
    }

    private synchronized void checkCaughtUp() {
        Map<Integer, Long> end = target;
        if (caughtUp || end == null) {
            return;
        }
        boolean reached = end.entrySet().stream()
                .allMatch(partition -> applied.getOrDefault(partition.getKey(), 0L) >= partition.getValue());
        if (reached) {
            caughtUp = true;
            Log.infof("catalog copy caught up with %s; consuming evidence", catalogTopic);
            resumeEvidence();
        }
    }

    /** With {@code concurrency} n, SmallRye registers n paused consumers as {@code evidence-recorded$1} … {@code $n}. */
    private void resumeEvidence() {
        PausableChannel single = channels.getPausable(EVIDENCE_CHANNEL);
        if (single != null) {
            single.resume();
        }
        for (int i = 1; channels.getPausable(EVIDENCE_CHANNEL + "$" + i) != null; i++) {
            channels.getPausable(EVIDENCE_CHANNEL + "$" + i).resume();
        }
    }
}
