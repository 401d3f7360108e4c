package dev.tousei.notification.flow;

import static dev.tousei.notification.flow.NotificationTestResources.webhooks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tousei.events.assessment.ControlStatus;
import dev.tousei.events.assessment.ControlStatusChanged;
import dev.tousei.notification.flow.WebhookReceiver.Received;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Measures the time from a control-status-changed event being sent to Kafka to the webhook receiving the alert, over
 * {@value #EVENTS} events sent at about {@value #PER_SECOND} per second (one new alert each, three partitions). Prints
 * p50/p99/max; asserts only that every alert arrived, since timings on a shared build machine vary.
 */
@QuarkusTest
@QuarkusTestResource(NotificationTestResources.class)
class NotificationLatencyTest {

    static final int EVENTS = Integer.getInteger("latency.events", 100);
    static final int PER_SECOND = Integer.getInteger("latency.rate", 20);

    @Test
    void statusChangeToWebhookLatency() throws InterruptedException {
        String account = TestEvents.newAccount();
        String path = "latency-" + account;
        Api.route(Map.of("name", path, "accounts", List.of(account),
                "channelIds", List.of(Api.webhookChannel(path, path, "latency-secret-0123456789"))));

        // warm-up: one alert through the whole path first (JIT, connections, metadata)
        send(account, "warmup", "arn:aws:s3:::warmup-" + account);
        await().atMost(Duration.ofSeconds(30)).until(() -> webhooks.received(path).size() == 1);

        // baseline: a plain consumer of the same topic, to tell the broker's own delivery time from the service's
        Map<String, Long> consumedAt = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
        Thread baseline = new Thread(() -> baseline(consumedAt, stop, assigned), "latency-baseline");
        baseline.start();
        assigned.await();
        Map<String, Long> sentAt = new HashMap<>();
        long interval = 1_000_000_000L / PER_SECOND;
        long start = System.nanoTime();
        for (int i = 0; i < EVENTS; i++) {
            String resource = "arn:aws:s3:::bucket-" + i + "-" + account;
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            sentAt.put(resource, System.currentTimeMillis());
            TestEvents.sendAsync(TestEvents.status(account, "bench-" + (i % 12), ControlStatus.PASSED,
                    ControlStatus.FAILED, "HIGH", List.of(resource)));
        }
        TestEvents.producer().flush();
        long sendingMillis = (System.nanoTime() - start) / 1_000_000;
        await().atMost(Duration.ofSeconds(60)).until(() -> webhooks.received(path).size() == EVENTS + 1);

        List<Long> latencies = new ArrayList<>();
        List<Long> toRaised = new ArrayList<>();
        List<Long> raisedToReceived = new ArrayList<>();
        for (Received received : webhooks.received(path)) {
            JsonPath body = new JsonPath(received.text());
            Long sent = sentAt.get(body.getString("alert.resourceId"));
            if (sent != null) {
                long raised = java.time.Instant.parse(body.getString("alert.raisedAt")).toEpochMilli();
                latencies.add(received.receivedAtMillis() - sent);
                toRaised.add(raised - sent);
                raisedToReceived.add(received.receivedAtMillis() - raised);
            }
        }
        stop.set(true);
        baseline.join();
        List<Long> broker = new ArrayList<>();
        sentAt.forEach((resource, sent) -> {
            Long consumed = consumedAt.get(resource);
            if (consumed != null) {
                broker.add(consumed - sent);
            }
        });
        Collections.sort(broker);
        if (!broker.isEmpty()) {
            System.out.printf("%n  baseline, plain Kafka consumer of the same records: p50 %d ms, p99 %d ms%n",
                    percentile(broker, 50), percentile(broker, 99));
        }
        Collections.sort(toRaised);
        Collections.sort(raisedToReceived);
        System.out.printf("%n  of which sent -> alert stored: p50 %d ms, p99 %d ms; stored -> webhook: p50 %d ms, "
                + "p99 %d ms%n", percentile(toRaised, 50), percentile(toRaised, 99), percentile(raisedToReceived, 50),
                percentile(raisedToReceived, 99));
        assertThat(latencies).hasSize(EVENTS);
        Collections.sort(latencies);
        String metrics = io.restassured.RestAssured.given().when().get("/q/metrics").then().extract().asString();
        metrics.lines().filter(line -> line.startsWith("tousei_alert_intake_seconds") || line.startsWith("tousei_consumer_lag_seconds")).forEach(System.out::println);
        System.out.printf("%nstatus-changed on Kafka -> webhook received, %d alerts at %d/s: p50 %d ms, p90 %d ms, "
                        + "p99 %d ms, max %d ms (the %d events were sent in %d ms)%n%n", EVENTS, PER_SECOND, percentile(latencies, 50),
                percentile(latencies, 90), percentile(latencies, 99), latencies.get(latencies.size() - 1), EVENTS,
                sendingMillis);
    }

    private static void baseline(Map<String, Long> consumedAt, java.util.concurrent.atomic.AtomicBoolean stop,
                                 java.util.concurrent.CountDownLatch assigned) {
        java.util.Properties properties = new java.util.Properties();
        properties.put("bootstrap.servers", TestEvents.BOOTSTRAP);
        properties.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        properties.put("value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(properties)) {
            var partitions = consumer.partitionsFor(NotificationTestResources.STATUS).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            assigned.countDown();
            while (!stop.get()) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    long now = System.currentTimeMillis();
                    try {
                        ControlStatusChanged event = TestEvents.JSON.readValue(record.value(),
                                ControlStatusChanged.class);
                        consumedAt.put(event.failedResources().get(0), now);
                    } catch (Exception e) {
                        // not one of ours
                    }
                }
            }
        } finally {
            assigned.countDown();
        }
    }

    private static void send(String account, String control, String resource) {
        ControlStatusChanged event = TestEvents.status(account, control, ControlStatus.PASSED, ControlStatus.FAILED,
                "HIGH", List.of(resource));
        TestEvents.send(event);
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
