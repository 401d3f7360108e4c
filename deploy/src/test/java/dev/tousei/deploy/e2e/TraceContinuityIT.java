package dev.tousei.deploy.e2e;

import static dev.tousei.deploy.e2e.Scenarios.SEC4_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One trace id follows one AWS event from the HTTP ingest to the alert: through the collector's store, the
 * evidence-recorded record, the assessment's status change and its CloudEvent, the notification's alert, the
 * alert-raised record and the webhook request, although each service hands the event on through its database (an
 * outbox or a relay). The services sample everything here and export to an in-test OTLP receiver.
 */
class TraceContinuityIT {

    private static E2eStack stack;

    @BeforeAll
    static void stack() {
        stack = E2eStack.get();
    }

    @Test
    void oneTraceFollowsAStopLoggingFromIngestToTheWebhook() {
        String account = AwsEvents.newAccount();
        String traceId = randomHex(16);
        String callerSpan = randomHex(8);

        assertThat(stack.ingest(AwsEvents.cloudTrailLogging(account, "traced-trail", false),
                Map.of("traceparent", "00-" + traceId + "-" + callerSpan + "-01")).status()).isEqualTo(202);

        ConsumerRecord<String, byte[]> evidence = firstOn(stack.topics.evidence(), r -> account.equals(r.key()));
        assertThat(header(evidence, "traceparent")).startsWith("00-" + traceId + "-").endsWith("-01");

        ConsumerRecord<String, byte[]> status = firstOn(stack.topics.status(),
                r -> (account + "/" + SEC4_1).equals(r.key()));
        assertThat(header(status, "ce_traceparent")).startsWith("00-" + traceId + "-");
        assertThat(header(status, "traceparent")).startsWith("00-" + traceId + "-");

        ConsumerRecord<String, byte[]> alert = firstOn(stack.topics.alertRaised(),
                r -> E2eStack.text(r.value()).contains("\"accountId\":\"" + account + "\""));
        assertThat(header(alert, "ce_traceparent")).startsWith("00-" + traceId + "-");
        assertThat(header(alert, "traceparent")).startsWith("00-" + traceId + "-");

        WebhookReceiver.Received webhook = stack.webhook.await("alert for " + account,
                WebhookReceiver.forAccount(account));
        assertThat(webhook.header("traceparent")).startsWith("00-" + traceId + "-")
                .doesNotContain(callerSpan); // a span of notification-service's, in the caller's trace

        // and the spans of that trace were recorded and exported by each service on the way
        for (String service : List.of(E2eStack.EVIDENCE, E2eStack.ASSESSMENT, E2eStack.NOTIFICATION)) {
            Await.until(service + " exports a span of trace " + traceId, Duration.ofSeconds(20),
                    Duration.ofMillis(200), () -> stack.spans.exported(service, traceId) ? Optional.of(true)
                            : Optional.empty());
        }
        E2eStack.log("trace " + traceId + ": evidence-recorded, status CloudEvent, alert-raised and webhook carry it; "
                + stack.spans.exports() + " OTLP exports received so far");
    }

    private static ConsumerRecord<String, byte[]> firstOn(String topic,
                                                          Predicate<ConsumerRecord<String, byte[]>> match) {
        try (KafkaConsumer<String, byte[]> consumer = stack.consumer()) {
            List<TopicPartition> partitions = E2eStack.partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return Await.until("a matching record on " + topic, Await.DEFAULT, Duration.ZERO, () -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        return Optional.of(record);
                    }
                }
                return Optional.empty();
            });
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
