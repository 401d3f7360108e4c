package dev.tousei.notification.flow;

import static dev.tousei.notification.flow.Api.alertsOf;
import static dev.tousei.notification.flow.NotificationTestResources.DETECT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tousei.events.assessment.ControlStatus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Poison records go to the consumer's dead-letter topic with the reason, and consumption goes on. */
@QuarkusTest
@QuarkusTestResource(NotificationTestResources.class)
class DeadLetterTest {

    @Test
    void poisonRecordsAreDeadLetteredAndTheNextEventsStillRaiseAlerts() {
        String account = TestEvents.newAccount();
        String notJson = "poison-" + account;
        String noIds = "no-ids-" + account;
        String badEvidence = "bad-evidence-" + account;
        TestEvents.send(NotificationTestResources.STATUS, notJson, "this is not JSON {");
        TestEvents.send(NotificationTestResources.STATUS, noIds, "{\"status\":\"FAILED\"}");
        TestEvents.send(NotificationTestResources.EVIDENCE, badEvidence, "[1,2,3]");
        TestEvents.send(TestEvents.status(account, DETECT, ControlStatus.PASSED, ControlStatus.FAILED, "HIGH",
                List.of()));
        alertsOf(account, list -> list.size() == 1);

        List<ConsumerRecord<String, String>> dead = TestEvents.read(NotificationTestResources.STATUS_DLQ,
                r -> r.key() != null && r.key().endsWith(account), 2, Duration.ofSeconds(30));
        assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(notJson, noIds);
        ConsumerRecord<String, String> poison = dead.stream().filter(r -> r.key().equals(notJson)).findFirst()
                .orElseThrow();
        assertThat(poison.value()).isEqualTo("this is not JSON {");
        assertThat(TestEvents.header(poison, "dead-letter-reason")).contains("not a ControlStatusChanged");
        ConsumerRecord<String, String> missing = dead.stream().filter(r -> r.key().equals(noIds)).findFirst()
                .orElseThrow();
        assertThat(TestEvents.header(missing, "dead-letter-reason")).contains("needs eventId");

        List<ConsumerRecord<String, String>> deadEvidence = TestEvents.read(NotificationTestResources.EVIDENCE_DLQ,
                r -> badEvidence.equals(r.key()), 1, Duration.ofSeconds(30));
        assertThat(deadEvidence).singleElement().satisfies(r -> {
            assertThat(r.value()).isEqualTo("[1,2,3]");
            assertThat(TestEvents.header(r, "dead-letter-reason")).contains("not a EvidenceRecorded");
        });
    }
}
