package dev.tousei.evidence.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * One trace id follows one AWS event into evidence-recorded: sent at once after storing, and sent again by the relay
 * from the stored row. Sampling is off in tests (ratio 0): the ids must propagate anyway.
 */
@QuarkusTest
@QuarkusTestResource(TestKafka.class)
class TraceContinuityTest {

    @Inject
    Pool pool;

    @Test
    void evidenceRecordedContinuesTheTraceOfTheAwsEventAlsoWhenTheRelaySendsIt() {
        String account = Envelopes.newAccount();
        String traceId = randomHex(16);
        TestTopics.send(List.of(traced(Envelopes.stopLogging(account, "traced-trail"),
                "00-" + traceId + "-" + randomHex(8) + "-01")));

        List<ConsumerRecord<String, byte[]>> announced = TestTopics.read(TestKafka.RECORDED,
                record -> account.equals(record.key()), 1, Duration.ofSeconds(20));
        assertThat(announced).hasSize(1);
        assertThat(traceIdOf(announced.get(0))).isEqualTo(traceId);

        String stored = storedTraceparent(account);
        assertThat(stored).startsWith("00-" + traceId + "-");

        // as if the collector had died before Kafka acknowledged: the relay publishes the row again, same trace
        pool.preparedQuery("update chain_head set published_sequence = 0 where account_id = $1")
                .execute(Tuple.of(account)).await().indefinitely();
        List<ConsumerRecord<String, byte[]>> again = TestTopics.read(TestKafka.RECORDED,
                record -> account.equals(record.key()), 2, Duration.ofSeconds(30));
        assertThat(again).hasSize(2);
        assertThat(traceIdOf(again.get(1))).isEqualTo(traceId);
        assertThat(spanIdOf(again.get(1))).isNotEqualTo(spanIdOf(again.get(0))); // a new producer span, same trace
    }

    @Test
    void eachRecordOfABatchKeepsItsOwnTrace() {
        String account = Envelopes.newAccount();
        String first = randomHex(16);
        String second = randomHex(16);
        TestTopics.send(List.of(
                traced(Envelopes.stopLogging(account, "org-trail"), "00-" + first + "-" + randomHex(8) + "-00"),
                traced(Envelopes.startLogging(account, "arn:aws:cloudtrail:ap-northeast-1:" + account
                        + ":trail/org-trail"), "00-" + second + "-" + randomHex(8) + "-00")));

        List<ConsumerRecord<String, byte[]>> announced = TestTopics.read(TestKafka.RECORDED,
                record -> account.equals(record.key()), 2, Duration.ofSeconds(20));
        assertThat(announced).hasSize(2);
        // unsampled parents (flag 00) still hand their trace ids on
        assertThat(announced.stream().map(TraceContinuityTest::traceIdOf)).containsExactly(first, second);
        assertThat(TestTopics.header(announced.get(0), "traceparent")).endsWith("-00");
    }

    private static ProducerRecord<String, byte[]> traced(ObjectNode envelope, String traceparent) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TestKafka.INPUT, envelope.get("account").asText(),
                envelope.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private String storedTraceparent(String account) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> pool
                .preparedQuery("select traceparent from evidence where account_id = $1")
                .execute(Tuple.of(account)).await().indefinitely()
                .iterator().next().getString(0), value -> value != null);
    }

    private static String traceIdOf(ConsumerRecord<String, byte[]> record) {
        return TestTopics.header(record, "traceparent").split("-")[1];
    }

    private static String spanIdOf(ConsumerRecord<String, byte[]> record) {
        return TestTopics.header(record, "traceparent").split("-")[2];
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
