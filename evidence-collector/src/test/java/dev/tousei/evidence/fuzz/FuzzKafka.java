package dev.tousei.evidence.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for a fuzz run: the topics, the cases out, the dead letters back. */
public final class FuzzKafka {

    private final String bootstrap;

    public FuzzKafka(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** Creates the topics that do not exist yet (KAFKA-15591: never let a producer auto-create its topic). */
    public void createTopics(Collection<String> topics, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> fresh = topics.stream().filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, partitions, (short) 1)).toList();
            try {
                admin.createTopics(fresh).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            // wait for partition leaders before anything produces
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (String topic : topics) {
                while (admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                        .partitions().stream().anyMatch(p -> p.leader() == null)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no partition leaders for " + topic);
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    public int partitions(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
        }
    }

    /** Sends the cases in order and tells the tally where each landed; one request in flight (KAFKA-15591). */
    public void produce(String topic, List<FuzzCase> cases, FuzzTally tally) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1048576");
        properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(256L * 1024 * 1024));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(cases.size());
            for (FuzzCase fuzzCase : cases) {
                Integer partition = fuzzCase.partition() < 0 ? null : fuzzCase.partition();
                sent.add(producer.send(new ProducerRecord<>(topic, partition, fuzzCase.key(), fuzzCase.value())));
            }
            producer.flush();
            for (int i = 0; i < cases.size(); i++) {
                RecordMetadata metadata = sent.get(i).get(60, TimeUnit.SECONDS);
                tally.sent(cases.get(i), metadata.partition(), metadata.offset());
            }
        }
    }

    /** Follows a dead-letter topic from its start, handing each record's origin and reason to the tally. */
    public final class DeadLetterReader implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final String inputTopic;

        public DeadLetterReader(String deadLetterTopic, String inputTopic) {
            Properties properties = new Properties();
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 * 1024 * 1024));
            this.consumer = new KafkaConsumer<>(properties);
            this.inputTopic = inputTopic;
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Reads what has arrived since the last call. */
        public void poll(FuzzTally tally) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (!inputTopic.equals(header(record, "dead-letter-topic"))) {
                    continue;
                }
                try {
                    int partition = Integer.parseInt(header(record, "dead-letter-partition"));
                    long offset = Long.parseLong(header(record, "dead-letter-offset"));
                    tally.deadLettered(partition, offset, header(record, "dead-letter-reason"));
                } catch (NumberFormatException e) {
                    tally.deadLetterWithoutOrigin();
                }
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
