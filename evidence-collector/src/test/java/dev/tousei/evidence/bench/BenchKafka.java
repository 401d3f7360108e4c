package dev.tousei.evidence.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for the drivers: topics, the load, the baseline consumer and the checks on output topics. */
public final class BenchKafka {

    static final int PARTITIONS = 3;
    /** Keeps the baseline's parsing observable, so the JIT cannot drop it. */
    static volatile long blackhole;

    private final String bootstrap;

    public BenchKafka(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    void createTopics(Collection<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> fresh = topics.stream().map(topic -> new NewTopic(topic, PARTITIONS, (short) 1)).toList();
            admin.createTopics(fresh).all().get(30, TimeUnit.SECONDS);
        }
    }

    void deleteTopics(Collection<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.out.println("  (could not delete topics " + topics + ": " + e.getMessage() + ")");
        }
    }

    /** Result of producing the load. */
    record Produced(long records, long bytes, long nanos) {
        double perSecond() {
            return records / (nanos / 1e9);
        }
    }

    /** Sends every record as fast as the producer allows (batch.size 256 KB, linger 10 ms, acks=all). */
    Produced produce(String topic, List<EnvelopeMix.Generated> records) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L * 1024 * 1024));
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1048576");
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acked = new AtomicLong();
        long bytes = 0;
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties)) {
            for (EnvelopeMix.Generated record : records) {
                bytes += record.value().length;
                producer.send(new ProducerRecord<>(topic, record.key(), record.value()), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    } else {
                        acked.incrementAndGet();
                    }
                });
            }
            producer.flush();
        }
        long nanos = System.nanoTime() - started;
        if (failure.get() != null) {
            throw new IllegalStateException("producing the load failed", failure.get());
        }
        if (acked.get() != records.size()) {
            throw new IllegalStateException("only " + acked.get() + " of " + records.size() + " records acknowledged");
        }
        return new Produced(records.size(), bytes, nanos);
    }

    /** Result of the baseline: a plain consumer parsing every value with Jackson. */
    public record Baseline(long records, long parsed, long nanos, long nanosIncludingStart) {
        public double perSecond() {
            return records / (nanos / 1e9);
        }
    }

    /** Consumes the topic from its start with a plain KafkaConsumer (max.poll.records 1000) and readTree()s each value. */
    public Baseline baseline(String topic, long expected, String group) {
        Properties properties = consumerProperties(group);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        ObjectMapper json = new ObjectMapper();
        long count = 0;
        long parsed = 0;
        long first = 0;
        long last = 0;
        long subscribed = System.nanoTime();
        long sink = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (count < expected && System.nanoTime() < deadline) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                if (first == 0) {
                    first = System.nanoTime();
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    try {
                        sink += json.readTree(record.value()).size();
                        parsed++;
                    } catch (Exception notJson) {
                        // the deliberately broken records
                    }
                    count++;
                }
                last = System.nanoTime();
            }
        }
        blackhole = sink;
        return new Baseline(count, parsed, last - first, last - subscribed);
    }

    public long endOffsetSum(String topic) {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(null))) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            return consumer.endOffsets(partitions);
        }
    }

    /** Records the group has not committed yet (end offsets minus committed offsets), -1 if unknown. */
    public long groupLag(String group, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (var entry : ends.entrySet()) {
                OffsetAndMetadata done = committed.get(entry.getKey());
                lag += entry.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return -1;
        }
    }

    /** What the dead-letter topic holds: records, and distinct origins (partition/offset of the inbound record). */
    record DeadLetters(long records, long distinctOrigins, Map<String, Long> reasons) {
    }

    DeadLetters deadLetters(String topic) {
        Set<String> origins = new HashSet<>();
        Map<String, Long> reasons = new TreeMap<>();
        long records = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(null))) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!reached(consumer, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records++;
                    String origin = header(record, "dead-letter-partition") + "@" + header(record, "dead-letter-offset");
                    if (origins.add(origin)) {
                        reasons.merge(String.valueOf(header(record, "dead-letter-reason")), 1L, Long::sum);
                    }
                }
            }
        }
        return new DeadLetters(records, origins.size(), reasons);
    }

    /**
     * Follows the evidence-recorded topic from its start in the background: how many records, which evidence ids,
     * and when the first and the latest arrived.
     */
    final class RecordedTracker implements AutoCloseable {
        private final String topic;
        private final Set<String> ids = new HashSet<>();
        private final AtomicLong records = new AtomicLong();
        private volatile long firstNanos;
        private volatile long lastNanos;
        private volatile int distinct;
        private volatile boolean running = true;
        private volatile KafkaConsumer<String, byte[]> consumer;
        private final Thread thread;

        RecordedTracker(String topic) {
            this.topic = topic;
            this.thread = new Thread(this::follow, "recorded-tracker");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        private void follow() {
            try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProperties(null))) {
                consumer = kafka;
                List<TopicPartition> partitions = partitions(kafka, topic);
                kafka.assign(partitions);
                kafka.seekToBeginning(partitions);
                while (running) {
                    ConsumerRecords<String, byte[]> batch = kafka.poll(Duration.ofMillis(200));
                    if (batch.isEmpty()) {
                        continue;
                    }
                    long now = System.nanoTime();
                    if (firstNanos == 0) {
                        firstNanos = now;
                    }
                    lastNanos = now;
                    synchronized (ids) {
                        for (ConsumerRecord<String, byte[]> record : batch) {
                            records.incrementAndGet();
                            ids.add(header(record, "event-id"));
                        }
                        distinct = ids.size();
                    }
                }
            } catch (WakeupException stopping) {
                // closed
            }
        }

        long records() {
            return records.get();
        }

        int distinct() {
            return distinct;
        }

        long firstNanos() {
            return firstNanos;
        }

        long lastNanos() {
            return lastNanos;
        }

        Set<String> ids() {
            synchronized (ids) {
                return new HashSet<>(ids);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            KafkaConsumer<String, byte[]> current = consumer;
            if (current != null) {
                current.wakeup();
            }
            thread.join(5000);
        }
    }

    private Properties consumerProperties(String group) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        if (group != null) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        }
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return properties;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic, Duration.ofSeconds(30))
                .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        return partitions;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(entry -> consumer.position(entry.getKey()) >= entry.getValue());
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
