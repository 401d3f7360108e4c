package dev.tousei.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Follows the pipeline's output topics from their start in the background: which evidence came from which source
 * event (evidence-recorded), which evidence each status change rests on (control-status-changed), and what raised each
 * alert (alert-raised), each with its Kafka timestamp: the instant the record entered its topic. Joining them with the
 * send times gives the end-to-end latency of each event.
 */
final class PipelineObserver implements AutoCloseable {

    /** Latency to an output, in ms, for the events that got one, and how many of the expected did not. */
    record Latencies(List<Double> millis, long expected, long missing) {
    }

    private final E2eStack.Topics topics;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile RuntimeException failure;

    // guarded by this
    private final Map<String, String> sourceOfEvidence = new HashMap<>();
    private final Map<String, Long> evidenceRecords = new HashMap<>();
    private final Map<String, Long> firstStatusOfSource = new HashMap<>();
    private final Map<String, List<String>> evidenceOfStatus = new HashMap<>();
    private final Map<String, Long> statusAt = new HashMap<>();
    private final List<String[]> alertSources = new ArrayList<>();
    private final List<Long> alertAt = new ArrayList<>();
    private long statusRecords;

    PipelineObserver(E2eStack stack) {
        this.topics = stack.topics;
        this.thread = new Thread(() -> follow(stack), "pipeline-observer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void follow(E2eStack stack) {
        try (KafkaConsumer<String, byte[]> kafka = stack.consumer()) {
            consumer = kafka;
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.evidence(), topics.status(), topics.alertRaised())) {
                partitions.addAll(E2eStack.partitions(kafka, topic));
            }
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(200))) {
                    take(record);
                }
            }
        } catch (WakeupException closing) {
            // close()
        } catch (RuntimeException | IOException e) {
            failure = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    private synchronized void take(ConsumerRecord<String, byte[]> record) throws IOException {
        JsonNode value = Http.JSON.readTree(record.value());
        // CloudEvents binary mode: the value is the data; structured mode would wrap it in "data"
        if (value.has("data") && value.has("specversion")) {
            value = value.get("data");
        }
        if (record.topic().equals(topics.evidence())) {
            String evidenceId = value.path("evidenceId").asText();
            sourceOfEvidence.put(evidenceId, value.path("sourceEventId").asText());
            evidenceRecords.merge(evidenceId, 1L, Long::sum);
        } else if (record.topic().equals(topics.status())) {
            statusRecords++;
            List<String> evidence = new ArrayList<>();
            value.path("evidenceIds").forEach(id -> evidence.add(id.asText()));
            String eventId = value.path("eventId").asText();
            evidenceOfStatus.put(eventId, evidence);
            statusAt.put(eventId, record.timestamp());
            for (String evidenceId : evidence) {
                String source = sourceOfEvidence.get(evidenceId);
                if (source != null) {
                    firstStatusOfSource.merge(source, record.timestamp(), Math::min);
                }
            }
        } else {
            alertSources.add(value.path("sourceEventId").asText().split(":", 2));
            alertAt.add(record.timestamp());
        }
    }

    /** Distinct evidence ids seen on evidence-recorded, and records (more when a relay re-sent after a crash). */
    synchronized long[] evidenceCounts() {
        return new long[] {evidenceRecords.size(), evidenceRecords.values().stream().mapToLong(Long::longValue).sum()};
    }

    /** How many of the events have evidence on evidence-recorded (by source id). */
    synchronized long recorded(List<PipelineLoad.Event> events) {
        Set<String> sources = new HashSet<>(sourceOfEvidence.values());
        return events.stream().filter(event -> sources.contains(event.sourceId())).count();
    }

    synchronized long statusRecords() {
        return statusRecords;
    }

    synchronized long alertRecords() {
        return alertAt.size();
    }

    /**
     * For the events that should change a status: Kafka timestamp of the first status change resting on their
     * evidence minus their send timestamp.
     */
    synchronized Latencies toStatus(List<PipelineLoad.Event> events, LoadSender sender) {
        // status changes can be read before the evidence that explains them (different topics): join again here
        for (Map.Entry<String, List<String>> status : evidenceOfStatus.entrySet()) {
            for (String evidenceId : status.getValue()) {
                String source = sourceOfEvidence.get(evidenceId);
                if (source != null) {
                    firstStatusOfSource.merge(source, statusAt.get(status.getKey()), Math::min);
                }
            }
        }
        return latencies(events, PipelineLoad.Event::changesStatus, firstStatusOfSource, sender);
    }

    /**
     * For the events of the given kind: Kafka timestamp of the first alert-raised naming their evidence
     * ({@code evidence:<id>}) or a status change resting on it ({@code status:<id>}) minus their send timestamp.
     */
    synchronized Latencies toAlert(List<PipelineLoad.Event> events, PipelineLoad.Kind kind, LoadSender sender) {
        Map<String, Long> firstAlertOfSource = new HashMap<>();
        for (int i = 0; i < alertSources.size(); i++) {
            String[] source = alertSources.get(i);
            List<String> evidence = source.length < 2 ? List.of()
                    : "evidence".equals(source[0]) ? List.of(source[1])
                    : evidenceOfStatus.getOrDefault(source[1], List.of());
            for (String evidenceId : evidence) {
                String sourceEvent = sourceOfEvidence.get(evidenceId);
                if (sourceEvent != null) {
                    firstAlertOfSource.merge(sourceEvent, alertAt.get(i), Math::min);
                }
            }
        }
        return latencies(events, event -> event.kind() == kind, firstAlertOfSource, sender);
    }

    private static Latencies latencies(List<PipelineLoad.Event> events,
                                       java.util.function.Predicate<PipelineLoad.Event> expected,
                                       Map<String, Long> outputAt, LoadSender sender) {
        List<Double> millis = new ArrayList<>();
        long count = 0;
        long missing = 0;
        Set<String> seen = new HashSet<>();
        for (PipelineLoad.Event event : events) {
            if (!expected.test(event) || !seen.add(event.sourceId())) {
                continue;
            }
            count++;
            Long sent = sender.sentAtMillis(event.sourceId());
            Long out = outputAt.get(event.sourceId());
            if (sent == null || out == null) {
                missing++;
            } else {
                millis.add((double) (out - sent));
            }
        }
        millis.sort(null);
        return new Latencies(millis, count, missing);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        thread.join(5000);
        if (failure != null) {
            throw new IllegalStateException("reading the output topics failed", failure);
        }
    }
}
