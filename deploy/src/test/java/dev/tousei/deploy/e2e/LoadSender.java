package dev.tousei.deploy.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces the load straight into the run's aws-events topic, as EventBridge's Kafka target would, at a fixed rate or
 * as fast as the producer allows. Each record's Kafka timestamp (CreateTime, set when it is sent) is its send time;
 * the acknowledged timestamp is kept per source id as the start of its end-to-end latency.
 */
final class LoadSender implements AutoCloseable {

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, Long> sentAtMillis = new ConcurrentHashMap<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    LoadSender(String bootstrap, String topic, boolean asFastAsPossible) {
        this.topic = topic;
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        // at a fixed rate each record leaves at once, so its timestamp is when it entered Kafka; flat out, batches
        properties.put(ProducerConfig.LINGER_MS_CONFIG, asFastAsPossible ? "10" : "0");
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(asFastAsPossible ? 256 * 1024 : 16 * 1024));
        properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L * 1024 * 1024));
        this.producer = new KafkaProducer<>(properties);
    }

    /**
     * Sends the events in order, {@code perSecond} a second (0: as fast as possible); returns the seconds it took.
     * Blocks until every record is acknowledged.
     */
    double send(List<PipelineLoad.Event> events, double perSecond) {
        long started = System.nanoTime();
        pace(events::get, i -> i < events.size(), perSecond);
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * Sends fresh events from the generator, {@code perSecond} a second, until {@code stop} says so; returns what it
     * sent, in order, once every record is acknowledged.
     */
    List<PipelineLoad.Event> sendUntil(Supplier<PipelineLoad.Event> generator, double perSecond, BooleanSupplier stop) {
        List<PipelineLoad.Event> sent = new ArrayList<>();
        pace(i -> {
            PipelineLoad.Event event = generator.get();
            sent.add(event);
            return event;
        }, i -> !stop.getAsBoolean(), perSecond);
        return sent;
    }

    private void pace(IntFunction<PipelineLoad.Event> eventAt, IntPredicate more, double perSecond) {
        long started = System.nanoTime();
        long intervalNanos = perSecond > 0 ? (long) (1e9 / perSecond) : 0;
        for (int i = 0; more.test(i); i++) {
            if (intervalNanos > 0) {
                long wait = started + i * intervalNanos - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            PipelineLoad.Event event = eventAt.apply(i);
            producer.send(new ProducerRecord<>(topic, event.account(), event.value()), (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                } else {
                    sentAtMillis.put(event.sourceId(), metadata.timestamp());
                    acknowledged.incrementAndGet();
                }
            });
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("producing the load to " + topic + " failed", failure.get());
        }
    }

    /** Kafka timestamp (ms since the epoch) of the acknowledged record with this source id, or null. */
    Long sentAtMillis(String sourceId) {
        return sentAtMillis.get(sourceId);
    }

    long acknowledged() {
        return acknowledged.get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
