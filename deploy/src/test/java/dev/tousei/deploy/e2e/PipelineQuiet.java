package dev.tousei.deploy.e2e;

import dev.tousei.evidence.bench.BenchKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Waits until the pipeline has nothing left to do: every service's consumer group has committed its input topic to
 * the end, and the output topics have not grown for a while (outbox relays publish after the commit).
 */
final class PipelineQuiet {

    private final E2eStack stack;
    private final BenchKafka kafka = new BenchKafka(E2eStack.KAFKA);

    PipelineQuiet(E2eStack stack) {
        this.stack = stack;
    }

    /** Consumer group → topic it reads, as E2eStack names them. */
    Map<String, String> groups() {
        Map<String, String> groups = new LinkedHashMap<>();
        groups.put("evidence-collector-" + stack.run, stack.topics.awsEvents());
        groups.put("assessment-service-" + stack.run, stack.topics.evidence());
        groups.put("notification-service-" + stack.run + " (status)", stack.topics.status());
        groups.put("notification-service-" + stack.run + " (evidence)", stack.topics.evidence());
        return groups;
    }

    /** Lag per group and topic; -1 when unknown. */
    Map<String, Long> lags() {
        Map<String, Long> lags = new LinkedHashMap<>();
        groups().forEach((group, topic) -> lags.put(group, kafka.groupLag(group.replaceAll(" \\(.*\\)$", ""), topic)));
        return lags;
    }

    /**
     * Blocks until every lag is 0 and the output topics' end offsets stayed the same for {@code stillFor}, or the
     * timeout passed. Returns the seconds waited, negative when it timed out.
     */
    double await(Duration stillFor, Duration timeout) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        List<Long> ends = List.of();
        long stillSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            List<Long> now = outputEnds();
            if (!now.equals(ends)) {
                ends = now;
                stillSince = System.nanoTime();
            } else if (System.nanoTime() - stillSince >= stillFor.toNanos()
                    && lags().values().stream().allMatch(lag -> lag == 0)) {
                return (System.nanoTime() - started) / 1e9;
            }
            Await.sleep(Duration.ofMillis(500));
        }
        return -(System.nanoTime() - started) / 1e9;
    }

    private List<Long> outputEnds() {
        List<Long> ends = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = stack.consumer()) {
            for (String topic : List.of(stack.topics.evidence(), stack.topics.status(), stack.topics.alertRaised(),
                    stack.topics.alertStateChanged())) {
                consumer.endOffsets(E2eStack.partitions(consumer, topic)).values().forEach(ends::add);
            }
        }
        return ends;
    }
}
