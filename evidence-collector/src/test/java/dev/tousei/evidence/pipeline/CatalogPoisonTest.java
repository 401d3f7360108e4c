package dev.tousei.evidence.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tousei.evidence.rules.CatalogReplica;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Poison on the compacted catalog topic: the collector's copy logs, counts ({@code evidence.catalog.records.skipped})
 * and skips what is not a usable control change, and goes on applying the records after it. The catalog is a
 * replicated state, not a stream of work, so there is nothing to dead-letter: the next good record for the same key
 * supersedes a broken one.
 */
@QuarkusTest
@QuarkusTestResource(TestKafka.class)
class CatalogPoisonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    CatalogReplica replica;

    @Inject
    MeterRegistry metrics;

    @Test
    void unusableCatalogRecordsAreSkippedAndCountedAndTheNextControlIsApplied() {
        await().atMost(Duration.ofSeconds(30)).until(replica::caughtUp);
        int controlsBefore = replica.controlCount();
        int rulesBefore = replica.engine().ruleCount();
        double skippedBefore = skipped();

        send("poison-not-json", "this is not JSON {");
        send("poison-wrong-shape", "[1,2,3]");
        send("poison-no-id", "{\"controlId\":null,\"change\":\"CREATED\"}");
        send(null, null); // a tombstone without key
        // a readable control whose rule list holds a null: the control is kept, the null rule skipped
        send("poison-null-rule-" + TestKafka.RUN, control("poison-null-rule-" + TestKafka.RUN, true).toString());
        String good = "after-poison-" + TestKafka.RUN;
        send(good, control(good, false).toString());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(replica.controlCount()).isEqualTo(controlsBefore + 2);
            assertThat(replica.engine().ruleCount()).as("the good control's rule is compiled")
                    .isEqualTo(rulesBefore + 1);
        });
        assertThat(skipped() - skippedBefore).isEqualTo(4);
    }

    private double skipped() {
        return metrics.counter("evidence.catalog.records.skipped").count();
    }

    private static ObjectNode control(String id, boolean nullRule) {
        ObjectNode event = JSON.createObjectNode();
        event.put("eventId", java.util.UUID.randomUUID().toString());
        event.put("controlId", id);
        event.put("change", "CREATED");
        event.put("catalogRevision", 1);
        ObjectNode control = event.putObject("control");
        control.put("id", id);
        control.put("frameworkId", "aws-wa-security");
        control.put("kind", "REQUIREMENT");
        var rules = control.putArray("evidenceRules");
        if (nullRule) {
            rules.addNull();
        } else {
            rules.addObject().put("id", "stop-logging").put("effect", "FAIL").put("scope", "ACCOUNT")
                    .put("escalation", "ALERT")
                    .put("eventPattern", "{\"detail\":{\"eventName\":[\"StopLogging-" + id + "\"]}}");
        }
        return event;
    }

    private static void send(String key, String value) {
        TestTopics.send(TestKafka.CATALOG, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
}
