package dev.tousei.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Malformed AWS events: refused at the HTTP ingest when the body is not JSON at all; otherwise dead-lettered by the
 * collector on {@code dlq.evidence-collector.<input topic>} with the reason in headers. Nothing else changes: no
 * evidence, no status, no alert, no page.
 */
class DeadLetterIT {

    private static E2eStack stack;
    private static Scenarios api;

    @BeforeAll
    static void stack() {
        stack = E2eStack.get();
        api = new Scenarios(stack);
    }

    @Test
    void malformedEventsAreDeadLetteredWithTheirReasonAndChangeNothing() {
        String account = AwsEvents.newAccount();

        // Not JSON: the ingest refuses it outright (problem+json), nothing reaches Kafka.
        Http.Response refused = stack.ingest("{\"version\": \"0\", \"account\": ".getBytes(StandardCharsets.UTF_8));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");

        // JSON, but not an envelope the collector can keep: accepted by the ingest, dead-lettered by the consumer.
        String missingDetailType = new String(AwsEvents.cloudTrailLogging(account, "dlq-trail", false),
                StandardCharsets.UTF_8).replace("\"detail-type\": \"AWS API Call via CloudTrail\",", "");
        assertThat(missingDetailType).doesNotContain("detail-type");
        assertThat(stack.ingest(missingDetailType.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(202);
        // Broken bytes straight on the input topic, as a faulty producer would write them.
        byte[] truncated = "{\"version\": \"0\", \"id\": \"e2e-broken\", \"account\": \"%s\", \"detail\": {"
                .formatted(account).getBytes(StandardCharsets.UTF_8);
        stack.produce(stack.topics.awsEvents(), account, truncated);

        List<ConsumerRecord<String, byte[]>> letters = deadLetters(account, 2);
        assertThat(letters).extracting(r -> header(r, "dead-letter-reason"))
                .containsExactlyInAnyOrder("MISSING_FIELD", "MALFORMED_JSON");
        for (ConsumerRecord<String, byte[]> letter : letters) {
            assertThat(header(letter, "dead-letter-detail")).isNotBlank();
            assertThat(header(letter, "dead-letter-service")).isEqualTo("evidence-collector");
            assertThat(header(letter, "dead-letter-topic")).isEqualTo(stack.topics.awsEvents());
            assertThat(header(letter, "dead-letter-offset")).containsOnlyDigits();
        }
        ConsumerRecord<String, byte[]> malformed = letters.stream()
                .filter(r -> "MALFORMED_JSON".equals(header(r, "dead-letter-reason"))).findFirst().orElseThrow();
        assertThat(malformed.value()).as("the original bytes, unchanged").isEqualTo(truncated);

        // The collector commits its batch only after the dead letters are acknowledged, and such a record never
        // becomes evidence; give the downstream services a moment anyway before looking for effects.
        Await.sleep(Duration.ofSeconds(2));
        assertThat(api.evidence(account)).as("evidence of account %s", account).isEmpty();
        assertThat(api.statuses(account)).as("statuses of account %s", account).isEmpty();
        assertThat(api.alerts(account)).as("alerts of account %s", account).isEmpty();
        assertThat(stack.webhook.matching(WebhookReceiver.forAccount(account))).isEmpty();
    }

    /** The dead letters keyed by the account, read from the start of this run's dead-letter topic. */
    private static List<ConsumerRecord<String, byte[]>> deadLetters(String account, int expected) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = stack.consumer()) {
            List<TopicPartition> partitions = E2eStack.partitions(consumer, stack.topics.awsEventsDeadLetters());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return Await.until(expected + " dead letters for account " + account + " on "
                    + stack.topics.awsEventsDeadLetters(), Await.DEFAULT, Duration.ZERO, () -> {
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                            if (account.equals(record.key())) {
                                found.add(record);
                            }
                        }
                        return found.size() >= expected ? Optional.of(List.copyOf(found)) : Optional.empty();
                    });
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
