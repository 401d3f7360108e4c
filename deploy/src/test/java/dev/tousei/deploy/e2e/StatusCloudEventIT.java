package dev.tousei.deploy.e2e;

import static dev.tousei.deploy.e2e.Scenarios.SEC4_1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control-status change as another system sees it: a CloudEvent in Kafka binary mode on the status topic, read by
 * a plain Kafka consumer that knows nothing of tousei's code (contract: assessment-service/docs/asyncapi.yaml).
 */
class StatusCloudEventIT {

    private static E2eStack stack;

    @BeforeAll
    static void stack() {
        stack = E2eStack.get();
    }

    @Test
    void statusChangeIsACloudEventForOutsideConsumers() throws IOException {
        String account = AwsEvents.newAccount();
        String key = account + "/" + SEC4_1;
        try (KafkaConsumer<String, byte[]> consumer = stack.consumer()) {
            List<TopicPartition> partitions = E2eStack.partitions(consumer, stack.topics.status());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);

            Instant sent = Instant.now();
            assertThat(stack.ingest(AwsEvents.cloudTrailLogging(account, "ce-trail", false)).status()).isEqualTo(202);
            ConsumerRecord<String, byte[]> record = Await.until("status event keyed " + key + " on "
                    + stack.topics.status(), Await.DEFAULT, Duration.ZERO, () -> {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                            if (key.equals(r.key())) {
                                return Optional.of(r);
                            }
                        }
                        return Optional.empty();
                    });
            E2eStack.log(String.format("latency (StopLogging): ingest→status CloudEvent on Kafka %d ms",
                    Duration.between(sent, Instant.ofEpochMilli(record.timestamp())).toMillis()));

            assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(record, "ce_type")).isEqualTo("assessment.control-status-changed.v1");
            assertThat(header(record, "ce_source")).isEqualTo("urn:tousei:assessment-service");
            assertThat(header(record, "ce_subject")).isEqualTo(key);
            assertThat(header(record, "ce_dataschema")).isEqualTo("urn:tousei:schema:assessment.control-status-changed.v1");
            assertThat(Instant.parse(header(record, "ce_time"))).isBetween(sent.minusSeconds(5), Instant.now());
            assertThat(header(record, "content-type")).startsWith("application/json");
            String id = header(record, "ce_id");
            assertThat(UUID.fromString(id)).isNotNull();

            JsonNode data = Http.JSON.readTree(record.value());
            assertThat(data.path("eventId").asText()).isEqualTo(id);
            assertThat(data.path("accountId").asText()).isEqualTo(account);
            assertThat(data.path("controlId").asText()).isEqualTo(SEC4_1);
            assertThat(data.path("displayId").asText()).isEqualTo("SEC4-1");
            assertThat(data.path("status").asText()).isEqualTo("FAILED");
            assertThat(data.path("failedResources").toString()).contains(AwsEvents.trailArn(account, "ce-trail"));
            assertThat(data.path("evidenceIds")).hasSize(1);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
